import type { Payload, PayloadRequest } from 'payload'

import { runInPayload, wake } from './jobsTable'

type QueueArgs = Parameters<PayloadRequest['payload']['jobs']['queue']>[0]

/**
 * Queues a job inside the caller's transaction (`req.transactionID`) and wakes the workers with a
 * NOTIFY sent in the same transaction: Postgres delivers it only on commit, so a state change and
 * the work it causes happen together or not at all, and a rolled-back job is never seen.
 *
 *   await queueJob(req, { task: 'send-order-email', input: { orderId } })
 */
export async function queueJob(req: PayloadRequest, args: Omit<QueueArgs, 'req'>) {
  const job = await req.payload.jobs.queue({ ...args, req } as QueueArgs)
  await wakeWorkers(req.payload, String(job.queue ?? 'default'), req)
  return job
}

/**
 * NOTIFY the workers that `queue` (or ANY_QUEUE) may have work: inside `req`'s transaction when
 * it has one (delivered on commit, never for a rollback), otherwise at once.
 */
export async function wakeWorkers(payload: Payload, queue: string, req?: PayloadRequest) {
  await runInPayload(payload, wake(queue), req)
}
