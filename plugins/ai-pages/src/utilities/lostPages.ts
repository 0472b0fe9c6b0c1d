import { commitTransaction, initTransaction, killTransaction, type PayloadRequest } from 'payload'

import { GENERATE_PAGE_TASK, setBookStatus, type AiPagesContext } from './context'
import { failLostPages, lockBook, unfinishedPagesQuietFor } from './pageStore'

type Id = number | string

const QUIET_MS = 60_000

/** The attempts of the book's page jobs that are still queued or running (failed ones are not). */
async function liveAttempts(req: PayloadRequest, bookId: Id): Promise<string[]> {
  const { docs } = await req.payload.find({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: GENERATE_PAGE_TASK } },
        { hasError: { not_equals: true } },
        { completedAt: { exists: false } },
      ],
    },
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return docs
    .map((job) => job.input as { bookId?: Id; attempt?: string } | undefined)
    .filter((input) => input && String(input.bookId) === String(bookId) && input.attempt)
    .map((input) => input!.attempt!)
}

/**
 * In `req`'s transaction, with the book locked: fails the book's pages whose job is gone and
 * returns how many pages are still unfinished. Call only while the book is generating.
 */
export async function failPagesWithoutJobs(req: PayloadRequest, context: AiPagesContext, bookId: Id) {
  return failLostPages(req, context.slugs, bookId, await liveAttempts(req, bookId))
}

/**
 * A generating book whose remaining pages have all lost their jobs is finished (ready, those
 * pages failed). Checked from progress reads, only once none of its unfinished pages has changed
 * for a minute (a page in the works changes at least at every attempt).
 */
export async function finishBookIfJobsLost(req: PayloadRequest, context: AiPagesContext, bookId: Id) {
  if (!(await unfinishedPagesQuietFor(req.payload, context.slugs, bookId, QUIET_MS))) return false
  const ownTransaction = await initTransaction(req)
  try {
    const status = await lockBook(req, context.slugs, bookId)
    let finished = false
    if (status === 'generating' && (await failPagesWithoutJobs(req, context, bookId)) === 0) {
      await setBookStatus(req, context, bookId, 'ready')
      finished = true
    }
    if (ownTransaction) await commitTransaction(req)
    return finished
  } catch (err) {
    if (ownTransaction) await killTransaction(req)
    throw err
  }
}
