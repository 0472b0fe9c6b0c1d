import {
  commitTransaction,
  initTransaction,
  killTransaction,
  type Payload,
  type PayloadRequest,
} from 'payload'

import { runInPayload, wake } from './jobsTable'

type QueueArgs = Parameters<PayloadRequest['payload']['jobs']['queue']>[0]

/**
 * Queues a job inside the caller's transaction (`req.transactionID`) and wakes the workers with a
 * NOTIFY sent in the same transaction: Postgres delivers it only on commit, so a state change and
 * the work it causes happen together or not at all, and a rolled-back job is never seen.
 * Without a transaction it opens one of its own: Payload inserts a job and reads it back in two
 * statements, and a busy worker could otherwise claim, run and delete it in between.
 *
 *   await queueJob(req, { task: 'send-order-email', input: { orderId } })
 */
export async function queueJob(req: PayloadRequest, args: Omit<QueueArgs, 'req'>) {
  const ownTransaction = await initTransaction(req)
  try {
    const job = await req.payload.jobs.queue({ ...args, req } as QueueArgs)
    await wakeWorkers(req.payload, String(job.queue ?? 'default'), req)
    if (ownTransaction) await commitTransaction(req)
    return job
  } catch (err) {
    if (ownTransaction) await killTransaction(req)
    throw err
  }
}

/**
 * NOTIFY the workers that `queue` (or ANY_QUEUE) may have work: inside `req`'s transaction when
 * it has one (delivered on commit, never for a rollback), otherwise at once.
 */
export async function wakeWorkers(payload: Payload, queue: string, req?: PayloadRequest) {
  await runInPayload(payload, wake(queue), req)
}
