import type { Payload } from 'payload'

import type { AiPagesContext } from './context'
import { readGeneration } from './pageStore'

/**
 * What `GET /api/books/:id/generation` answers (and each progress event carries): the book's
 * status, its pages' states and totals. Progress is read from the pages, never from jobs
 * (completed jobs are deleted). A book is `ready` once no page is pending, queued or running;
 * pages that failed for good are counted in `pagesFailed` and can be regenerated.
 */
export async function generationState(
  payload: Payload,
  context: AiPagesContext,
  book: { id: number | string; status?: unknown },
) {
  const { pages, totals } = await readGeneration(payload, context.slugs, book.id)
  return {
    book: book.id,
    status: String(book.status ?? 'draft'),
    pagesDone: totals.pagesDone,
    pagesTotal: totals.pagesTotal,
    pagesFailed: totals.pagesFailed,
    pagesUnfinished: totals.pagesUnfinished,
    pages: pages.map((page) => ({
      id: page.id,
      position: page.position,
      title: page.title,
      status: page.status,
      attempts: page.attempts,
      error: page.error,
      writer: page.provider === 'offline' ? 'offline writer' : page.model,
      generatedAt: page.generatedAt,
    })),
    usage: {
      promptTokens: totals.promptTokens,
      completionTokens: totals.completionTokens,
      costMicros: totals.costMicros,
    },
    regenerations: { used: totals.regenerations, budget: context.regenerationBudget },
    writer: { provider: context.writer.provider, model: context.writer.model, label: context.writer.label },
  }
}

export type GenerationState = Awaited<ReturnType<typeof generationState>>
