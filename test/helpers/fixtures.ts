/** Test data that many suites build the same way: a tiny image, an upload form, valid answers. */

/** A 1×1 PNG: the smallest image the Media collection accepts. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

/** A multipart upload of `image` (the 1×1 PNG by default) with `fields` as its `_payload`. */
export function photoForm(
  fields: Record<string, unknown> = { alt: 'a photo' },
  options: { filename?: string; image?: Buffer; type?: string } = {},
): FormData {
  const form = new FormData()
  const image = new Blob([new Uint8Array(options.image ?? PNG_1X1)], { type: options.type ?? 'image/png' })
  form.append('file', image, options.filename ?? 'photo.png')
  form.append('_payload', JSON.stringify(fields))
  return form
}

type Question = { key: string; type: string; required?: boolean | null; options?: string[] | null }

/**
 * Answers that satisfy a template's questions: `photo` for photo questions, a valid date, one of
 * the options, `text` (or `text(key)`) for the rest; only the required ones with `requiredOnly`.
 */
export function answersFor(
  template: { questions: Question[] },
  options: {
    photo: number
    text?: string | ((key: string) => string)
    date?: string
    choice?: number
    requiredOnly?: boolean
  },
): Record<string, string | number | undefined> {
  const { photo, text = 'Ada', date = '2024-05-01', choice = 0, requiredOnly = false } = options
  return Object.fromEntries(
    template.questions
      .filter((question) => !requiredOnly || question.required)
      .map((question) => [
        question.key,
        question.type === 'photo'
          ? photo
          : question.type === 'date'
            ? date
            : question.type === 'choice'
              ? question.options?.[choice]
              : typeof text === 'function'
                ? text(question.key)
                : text,
      ]),
  )
}
