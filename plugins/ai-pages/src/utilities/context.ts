import type { Payload, PayloadRequest } from 'payload'

import type { PageWriter } from '../providers/types'
import type { ModelPrice } from '../types'
import type { Slugs } from './pageStore'
import type { ProgressChannel } from './progress'

/** Everything the plugin's task and endpoints share, resolved once from the options. */
export type AiPagesContext = {
  slugs: Slugs
  writer: PageWriter
  prices: Record<string, ModelPrice>
  attempts: number
  timeoutMs: number
  regenerationBudget: number
  progress: ProgressChannel
  isStaff: (req: PayloadRequest) => boolean
  isPersonalBook: (book: Record<string, unknown>) => boolean
  isBookFrozen: (book: Record<string, unknown>, req: PayloadRequest) => boolean | Promise<boolean>
  rateLimit?: (req: PayloadRequest) => Promise<void>
  createTrialBook?: (req: PayloadRequest, templateId: number) => Promise<{ id: number | string }>
}

export const GENERATE_PAGE_TASK = 'generate-page'
export const AI_PAGES_QUEUE = 'ai-pages'

/** Cost in millionths of a dollar: a price per million tokens is a price in micros per token. */
export function costMicros(
  price: ModelPrice | undefined,
  usage: { promptTokens: number; completionTokens: number },
) {
  if (!price) return 0
  return Math.round(
    usage.promptTokens * price.inputPerMillion + usage.completionTokens * price.outputPerMillion,
  )
}

/** Publishing progress never fails the work it reports on. */
export async function publishQuietly(
  payload: Payload,
  context: AiPagesContext,
  event: Parameters<ProgressChannel['publish']>[0],
) {
  await context.progress
    .publish(event)
    .catch((err) => payload.logger.warn({ err, msg: 'ai-pages: progress not published' }))
}

const idOf = (value: unknown) =>
  value && typeof value === 'object' && 'id' in value
    ? (value as { id: number | string }).id
    : (value as number | string)

export type Question = { key: string; label?: string | null; type?: string | null }

/** The questions of the template a book was made from (its answers' labels and types). */
export async function questionsOf(
  payload: Payload,
  slugs: Slugs,
  book: Record<string, unknown>,
  req?: PayloadRequest,
): Promise<Question[]> {
  const templateId = idOf(book.template)
  if (templateId === undefined || templateId === null) return []
  const template = await payload
    .findByID({
      collection: slugs.books as 'books',
      id: templateId,
      depth: 0,
      overrideAccess: true,
      req,
      disableErrors: true,
    })
    .catch(() => null)
  return ((template as { questions?: Question[] } | null)?.questions ?? []) as Question[]
}

/**
 * The book's status, through the Local API in `req`'s transaction: books are versioned, so the
 * change is a version like any other (its hooks run).
 */
export async function setBookStatus(
  req: PayloadRequest,
  context: AiPagesContext,
  bookId: number | string,
  status: 'generating' | 'ready',
) {
  await req.payload.update({
    collection: context.slugs.books as 'books',
    id: bookId,
    data: { status } as never,
    depth: 0,
    overrideAccess: true,
    req,
  })
}
