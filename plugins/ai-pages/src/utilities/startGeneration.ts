import { commitTransaction, initTransaction, killTransaction, type PayloadRequest } from 'payload'

import { queueJob } from '@memory-maker/payload-jobs'

import {
  AI_PAGES_QUEUE,
  GENERATE_PAGE_TASK,
  publishQuietly,
  setBookStatus,
  type AiPagesContext,
} from './context'
import { Conflict } from './errors'
import { failPagesWithoutJobs } from './lostPages'
import { lockBook, type QueuedPage } from './pageStore'

/**
 * One transaction: lock the book, refuse while it is generating, let `queuePages` move pages to
 * queued (each with its owning attempt), queue one job per page and move the book to
 * `generating`. The jobs exist only if all of it commits.
 */
export async function startGeneration(
  req: PayloadRequest,
  context: AiPagesContext,
  book: { id: number | string },
  queuePages: () => Promise<QueuedPage[]>,
  options: { instructions?: string; nothingToDo: string },
): Promise<QueuedPage[]> {
  const ownTransaction = await initTransaction(req)
  let queued: QueuedPage[]
  try {
    const status = await lockBook(req, context.slugs, book.id)
    // a book stays generating while any page's job lives; pages whose job was lost are failed
    if (status === 'generating' && (await failPagesWithoutJobs(req, context, book.id)) > 0) {
      throw new Conflict('This book is being written right now: wait for it to finish.', { status })
    }
    queued = await queuePages()
    if (!queued.length) throw new Conflict(options.nothingToDo)
    for (const page of queued) {
      await queueJob(req, {
        task: GENERATE_PAGE_TASK,
        queue: AI_PAGES_QUEUE,
        input: {
          pageId: page.id,
          bookId: book.id,
          attempt: page.attempt,
          instructions: options.instructions,
        },
      } as never)
    }
    await setBookStatus(req, context, book.id, 'generating')
    if (ownTransaction) await commitTransaction(req)
  } catch (err) {
    if (ownTransaction) await killTransaction(req)
    throw err
  }
  await publishQuietly(req.payload, context, { bookId: book.id, status: 'generating' })
  return queued
}
