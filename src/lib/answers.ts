import { ANSWER_MAX_LENGTH, type QuestionType } from './catalogue'
import { parseMediaId } from './documentId'

export type Question = {
  key: string
  label: string
  type: QuestionType
  required?: boolean | null
  options?: string[] | null
}

export type Answers = Record<string, string | number>
export type FieldError = { path: string; message: string }

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

/**
 * Checks answers against a template's questions. Returns the cleaned answers (trimmed, unknown
 * keys dropped) and one error per missing or invalid answer, with its path (`answers.<key>`).
 * Photo answers are returned as ids; the caller checks that the user may use them.
 */
export function validateAnswers(
  questions: Question[],
  input: unknown,
): { answers: Answers; photoIds: number[]; errors: FieldError[] } {
  const errors: FieldError[] = []
  const answers: Answers = {}
  const photoIds: number[] = []
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    return {
      answers,
      photoIds,
      errors: [{ path: 'answers', message: 'Answers must be an object keyed by question key.' }],
    }
  }
  const given = (input ?? {}) as Record<string, unknown>

  for (const question of questions) {
    const path = `answers.${question.key}`
    const raw = given[question.key]
    const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')
    if (empty) {
      if (question.required) errors.push({ path, message: `"${question.label}" is required.` })
      continue
    }
    if (question.type === 'photo') {
      const id = parseMediaId(raw)
      if (!id) {
        errors.push({ path, message: `"${question.label}" must be the id of an uploaded photo.` })
        continue
      }
      answers[question.key] = id
      photoIds.push(id)
      continue
    }
    if (typeof raw !== 'string') {
      errors.push({ path, message: `"${question.label}" must be text.` })
      continue
    }
    const value = raw.trim()
    if (value.length > ANSWER_MAX_LENGTH[question.type]) {
      errors.push({
        path,
        message: `"${question.label}" is too long (at most ${ANSWER_MAX_LENGTH[question.type]} characters).`,
      })
      continue
    }
    if (question.type === 'date') {
      const parsed = new Date(`${value}T00:00:00Z`)
      if (
        !ISO_DATE.test(value) ||
        Number.isNaN(parsed.getTime()) ||
        parsed.toISOString().slice(0, 10) !== value
      ) {
        errors.push({ path, message: `"${question.label}" must be a date as YYYY-MM-DD.` })
        continue
      }
    }
    if (question.type === 'choice') {
      const options = question.options ?? []
      if (!options.includes(value)) {
        errors.push({ path, message: `"${question.label}" must be one of: ${options.join(', ')}.` })
        continue
      }
    }
    answers[question.key] = value
  }

  const known = new Set(questions.map((q) => q.key))
  for (const key of Object.keys(given)) {
    if (!known.has(key))
      errors.push({ path: `answers.${key}`, message: `"${key}" is not a question of this template.` })
  }
  return { answers, photoIds, errors }
}

/**
 * Made-up answers for trying a template before it is published: a name where the key asks for
 * one, a date, the first choice, a short story for long text. Photos stay empty.
 */
export function sampleAnswers(questions: Question[]): Answers {
  const sample = (question: Question): string | undefined => {
    switch (question.type) {
      case 'date':
        return '2024-05-01'
      case 'choice':
        return question.options?.[0] ?? undefined
      case 'photo':
        return undefined
      case 'longText':
        return 'It was a bright spring morning. Everyone we love was there, the kettle was on, and we laughed until we cried. We still talk about it every year.'
      default:
        return /name/i.test(question.key) ? 'Alex' : 'Sample answer'
    }
  }
  return Object.fromEntries(
    questions.flatMap((question) => {
      const value = sample(question)
      return value === undefined ? [] : [[question.key, value]]
    }),
  )
}
