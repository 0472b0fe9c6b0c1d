/** Vocabulary of the catalogue, shared by collections, validation, seed and storefront. */
export const BOOK_FORMATS = ['hardcover', 'softcover', 'pdf'] as const

export const CURRENCIES = ['usd', 'eur', 'gbp'] as const

export const OCCASIONS = [
  'baby',
  'wedding',
  'birthday',
  'anniversary',
  'life-story',
  'memorial',
  'travel',
  'family',
  'other',
] as const

export const QUESTION_TYPES = ['text', 'longText', 'date', 'photo', 'choice'] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

export const PAGE_LAYOUTS = [
  'title-page',
  'text-only',
  'photo-full',
  'photo-left',
  'photo-right',
  'photo-top',
  'collage',
  'closing',
] as const

/** Longest answer accepted per question type, in characters. */
export const ANSWER_MAX_LENGTH: Record<QuestionType, number> = {
  text: 200,
  longText: 4000,
  date: 10,
  photo: 20,
  choice: 200,
}
