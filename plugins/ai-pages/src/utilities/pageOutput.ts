import { z } from 'zod'

/** The writer's reply could not be read as a page. Retried; the last attempt's message is kept. */
export class MalformedOutputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MalformedOutputError'
  }
}

const TAG = /<\/?[A-Za-z][^>]*>/g

/** Text without tags, however they nest (`<<b>b>` loses both). */
function plain(text: string): string {
  let previous: string
  let current = text
  do {
    previous = current
    current = current.replace(TAG, '')
  } while (current !== previous)
  return current.replace(/\s+/g, ' ').trim()
}

const outputSchema = z.object({
  title: z.string().max(160).optional().default(''),
  paragraphs: z.array(z.string().min(1).max(3000)).min(1).max(8),
})

/** The JSON schema the OpenAI writer asks for (structured output). */
export const PAGE_JSON_SCHEMA = {
  name: 'memory_book_page',
  strict: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['title', 'paragraphs'],
    properties: {
      title: { type: 'string' },
      paragraphs: { type: 'array', items: { type: 'string' } },
    },
  },
} as const

/**
 * Reads a writer's reply: JSON of the page's shape, each paragraph plain text (tags removed, so
 * raw HTML never reaches a page). Throws MalformedOutputError saying what was wrong.
 */
export function parsePageOutput(content: string | null | undefined): { title: string; paragraphs: string[] } {
  if (!content?.trim()) throw new MalformedOutputError('The writer returned an empty reply.')
  let json: unknown
  try {
    json = JSON.parse(content)
  } catch {
    throw new MalformedOutputError('The writer’s reply was not valid JSON.')
  }
  const parsed = outputSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new MalformedOutputError(
      `The writer’s reply was not a page (${issue.path.join('.') || 'reply'}: ${issue.message}).`,
    )
  }
  const paragraphs = parsed.data.paragraphs.map(plain).filter(Boolean)
  if (!paragraphs.length) throw new MalformedOutputError('The writer’s reply had no text.')
  return { title: plain(parsed.data.title), paragraphs }
}

/** Paragraphs as a Lexical document: text nodes only. */
export function paragraphsToLexical(paragraphs: string[]) {
  return {
    root: {
      type: 'root',
      format: '',
      indent: 0,
      version: 1,
      direction: 'ltr',
      children: paragraphs.map((text) => ({
        type: 'paragraph',
        format: '',
        indent: 0,
        version: 1,
        direction: 'ltr',
        textFormat: 0,
        textStyle: '',
        children: [{ type: 'text', text, format: 0, detail: 0, mode: 'normal', style: '', version: 1 }],
      })),
    },
  }
}
