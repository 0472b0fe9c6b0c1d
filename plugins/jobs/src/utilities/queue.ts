import {
  commitTransaction,
  initTransaction,
  killTransaction,
  type Payload,
  type PayloadRequest,
} from 'payload'

import { insertJob, runInPayload, wake } from './jobsTable'

type QueueArgs = Parameters<PayloadRequest['payload']['jobs']['queue']>[0]

/**
 * Queues a job inside the caller's transaction (`req.transactionID`) and wakes the workers with a
 * NOTIFY sent in the same transaction: Postgres delivers it only on commit, so a state change and
 * the work it causes happen together or not at all, and a rolled-back job is never seen.
 * A task's job is one INSERT with its NOTIFY (Payload's queue() inserts, then reads the job back
 * with its log, a second statement); other jobs (workflows, meta) go through Payload's queue().
 * Without a transaction it opens one of its own, so a busy worker never claims, runs and deletes
 * a job before the caller has it.
 *
 *   await queueJob(req, { task: 'send-order-email', input: { orderId } })
 */
export async function queueJob(req: PayloadRequest, args: Omit<QueueArgs, 'req'>) {
  const ownTransaction = await initTransaction(req)
  try {
    let job: Awaited<ReturnType<PayloadRequest['payload']['jobs']['queue']>>
    const { task, input, queue, waitUntil } = args as {
      task?: string
      input?: unknown
      queue?: string
      waitUntil?: Date
    }
    if (task && Object.keys(args).every((key) => ['task', 'input', 'queue', 'waitUntil'].includes(key))) {
      // a task's job, as Payload's queue() writes it, in one statement with its NOTIFY
      if (!req.payload.config.jobs?.tasks?.some((config) => config.slug === task)) {
        throw new Error(`queueJob: no task "${task}" in this config`)
      }
      const [row] = await runInPayload<Record<string, unknown>>(
        req.payload,
        insertJob({ task, queue: queue ?? 'default', input, waitUntil }),
        req,
      )
      job = {
        ...row,
        input: row.input ?? {},
        totalTried: 0,
        hasError: false,
        processing: false,
        log: [],
        taskStatus: {},
      } as unknown as typeof job
    } else {
      job = await req.payload.jobs.queue({ ...args, req } as QueueArgs)
      await wakeWorkers(req.payload, String(job.queue ?? 'default'), req)
    }
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
