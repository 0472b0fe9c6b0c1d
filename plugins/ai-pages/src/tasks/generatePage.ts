import {
  commitTransaction,
  createLocalReq,
  initTransaction,
  killTransaction,
  type Payload,
  type TaskConfig,
} from 'payload'

import { FailNowError, RetryAfterError } from '@memory-maker/payload-jobs'

import { buildPageRequest, type Answer } from '../prompts/pageRequest'
import { PROVIDER_DETAIL } from '../providers/openai'
import {
  costMicros,
  GENERATE_PAGE_TASK,
  publishQuietly,
  questionsOf,
  setBookStatus,
  type AiPagesContext,
} from '../utilities/context'
import { paragraphsToLexical } from '../utilities/pageOutput'
import { claimPage, lockBook, requeuePage, storeOutcome, type PageOutcome } from '../utilities/pageStore'

type Input = { pageId: number | string; bookId: number | string; attempt: string; instructions?: string }

/** A promise that rejects after `ms` (a writer that hangs past its own timeout). */
function bounded<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`The writer did not answer within ${Math.round(ms / 1000)} s.`)),
      ms,
    )
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Stores a page's outcome and, when it was the book's last unfinished page, marks the book
 * ready, in one transaction that first locks the book: two pages finishing at once are decided
 * one after the other, so exactly one of them sees none left.
 */
async function finish(payload: Payload, context: AiPagesContext, input: Input, outcome: PageOutcome) {
  const req = await createLocalReq({}, payload)
  await initTransaction(req)
  try {
    const bookStatus = await lockBook(req, context.slugs, input.bookId)
    const { stored, unfinished } = await storeOutcome(
      req,
      context.slugs,
      { id: input.pageId, book: input.bookId, attempt: input.attempt },
      outcome,
    )
    if (stored && unfinished === 0 && bookStatus === 'generating') {
      await setBookStatus(req, context, input.bookId, 'ready')
    }
    await commitTransaction(req)
    if (stored)
      await publishQuietly(payload, context, {
        bookId: input.bookId,
        pageId: input.pageId,
        status: outcome.status,
      })
    return stored
  } catch (err) {
    await killTransaction(req)
    throw err
  }
}

const readable = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500)

/**
 * One page written by the configured writer. The job carries the attempt that owns the page; a
 * job whose attempt was replaced (a regeneration) ends without writing. Each call to the writer
 * is one of the page's attempts; the last one's error stays on the page.
 */
export const generatePageTask = (context: AiPagesContext): TaskConfig<typeof GENERATE_PAGE_TASK> => ({
  slug: GENERATE_PAGE_TASK,
  label: 'Write a page of a book',
  // the handler decides when a page has failed for good (FailNowError); these only bound the job
  retries: { attempts: context.attempts + 1, backoff: { type: 'exponential', delay: 1_000 } },
  inputSchema: [
    { name: 'pageId', type: 'number', required: true },
    { name: 'bookId', type: 'number', required: true },
    { name: 'attempt', type: 'text', required: true },
    { name: 'instructions', type: 'text' },
  ],
  outputSchema: [{ name: 'outcome', type: 'text' }],
  handler: async ({ input: rawInput, req }) => {
    const input = rawInput as Input
    const { payload } = req
    const page = await claimPage(payload, context.slugs, input.pageId, input.attempt)
    if (!page) return { output: { outcome: 'stale' } }
    await publishQuietly(payload, context, { bookId: input.bookId, pageId: input.pageId, status: 'running' })

    const { writer } = context
    let outcome: PageOutcome
    try {
      const book = (await payload.findByID({
        collection: context.slugs.books as 'books',
        id: input.bookId,
        depth: 0,
        overrideAccess: true,
      })) as unknown as Record<string, unknown>
      const request = buildPageRequest({
        page,
        answers: (book.answers ?? {}) as Record<string, Answer>,
        questions: await questionsOf(payload, context.slugs, book),
        instructions: input.instructions,
      })
      const written = await bounded(writer.write(request), context.timeoutMs + 1_000)
      outcome = {
        status: 'done',
        body: paragraphsToLexical(written.paragraphs),
        provider: writer.provider,
        model: writer.model,
        ...written.usage,
        costMicros: costMicros(context.prices[writer.model], written.usage),
      }
    } catch (err) {
      const detail = (err as { [PROVIDER_DETAIL]?: string })[PROVIDER_DETAIL]
      if (detail) payload.logger.warn({ pageId: input.pageId, detail, msg: `ai-pages: ${readable(err)}` })
      const final = err instanceof FailNowError || page.attempts >= context.attempts
      if (!final) {
        const waiting = err instanceof RetryAfterError ? ` Waiting ${Math.ceil(err.delayMs / 1000)} s.` : ''
        await requeuePage(
          payload,
          context.slugs,
          input.pageId,
          input.attempt,
          `Attempt ${page.attempts} failed: ${readable(err)}${waiting}`,
        )
        await publishQuietly(payload, context, {
          bookId: input.bookId,
          pageId: input.pageId,
          status: 'queued',
        })
        throw err
      }
      const error =
        err instanceof FailNowError
          ? readable(err)
          : `Gave up after ${page.attempts} attempts. Last error: ${readable(err)}`
      await finish(payload, context, input, {
        status: 'failed',
        error,
        provider: writer.provider,
        model: writer.model,
      })
      throw err instanceof FailNowError ? err : new FailNowError(error)
    }
    const stored = await finish(payload, context, input, outcome)
    return { output: { outcome: stored ? 'written' : 'stale' } }
  },
})
