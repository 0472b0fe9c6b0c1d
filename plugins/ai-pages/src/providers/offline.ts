import type { PageRequest } from '../prompts/pageRequest'
import type { PageWriter } from './types'

export const OFFLINE_LABEL = 'offline writer'

const OPENINGS = [
  'Some moments are worth keeping forever, and this is one of them.',
  'Here is a page to come back to, again and again.',
  'Every story has its chapters; this one is written just for you.',
  'Turn the page slowly: this part of the story matters.',
  'Some memories grow sweeter every time they are told.',
]

const CLOSINGS = [
  'These are the things we never want to forget.',
  'Keep this page close; it was written with love.',
  'May you read this one day and smile.',
  'Of all the pages in this book, this one is yours to keep.',
]

/** A stable pick for a given text, so the same page always reads the same. */
function pick<T>(items: T[], seed: string): T {
  let hash = 0
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return items[hash % items.length]
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

function readable(value: string): string {
  const date = ISO_DATE.exec(value)
  if (date) return `${Number(date[3])} ${MONTHS[Number(date[2]) - 1] ?? date[2]} ${date[1]}`
  return value
}

const sentence = (text: string) => {
  const trimmed = text.trim()
  if (!trimmed) return ''
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1)
  return /[.!?…"”]$/.test(capital) ? capital : `${capital}.`
}

/** At most `max` characters, cut at a sentence end when there is one. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  const end = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '))
  return end > max / 3 ? cut.slice(0, end + 1) : `${cut.trimEnd()}…`
}

/** Short answers (names, dates, choices) are facts; long ones are the customer's own story. */
const STORY_LENGTH = 60

/**
 * Deterministic, readable prose from the page's brief and the answers it names, with no network
 * and no cost: the default without a provider key, named "offline writer" wherever it shows.
 */
export function offlineWriter(): PageWriter {
  return {
    provider: 'offline',
    model: 'offline-writer',
    label: OFFLINE_LABEL,
    async write(request: PageRequest) {
      const facts = request.answers.filter((answer) => answer.value.length <= STORY_LENGTH)
      const stories = request.answers.filter((answer) => answer.value.length > STORY_LENGTH)
      const seed = `${request.title}|${request.layout}`
      const paragraphs: string[] = []
      const factLine = facts.length
        ? `${request.title || 'This page'} is for ${facts.map((fact) => readable(fact.value)).join(', ')}.`
        : ''
      paragraphs.push([pick(OPENINGS, seed), factLine].filter(Boolean).join(' '))
      for (const story of stories) paragraphs.push(sentence(shorten(story.value, 700)))
      if (request.instructions)
        paragraphs.push(sentence(`As you wished: ${shorten(request.instructions, 200)}`))
      paragraphs.push(pick(CLOSINGS, seed))
      const short = request.layout === 'title-page' || request.layout === 'photo-full'
      return {
        title: request.title,
        paragraphs: short ? [paragraphs[0], paragraphs[paragraphs.length - 1]] : paragraphs,
        usage: { promptTokens: 0, completionTokens: 0 },
      }
    },
  }
}
