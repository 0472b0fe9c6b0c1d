import { sql } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest } from 'payload'

import { transactionSession } from '../db/transactionSession'

export const JOBS_CHANNEL = 'smm_jobs'
/** The NOTIFY payload that may concern every queue (a reaped, released or retried job). */
export const ANY_QUEUE = '*'

type QueueArgs = Parameters<PayloadRequest['payload']['jobs']['queue']>[0]
type Executor = { execute: (query: ReturnType<typeof sql>) => Promise<unknown> }

/**
 * Queues a job inside the caller's transaction (`req.transactionID`) and wakes the workers with a
 * NOTIFY sent in the same transaction: Postgres delivers it only on commit, so a state change and
 * the work it causes happen together or not at all, and a rolled-back job is never seen.
 *
 *   await queueJob(req, { task: 'sendOrderEmail', input: { orderId } })
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
  const db: Executor =
    (req && (await transactionSession(req))?.db) ?? (payload.db.drizzle as unknown as Executor)
  await db.execute(sql`select pg_notify(${JOBS_CHANNEL}, ${queue})`)
}
