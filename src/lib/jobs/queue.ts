import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { transactionSession } from '../db/transactionSession'

export const JOBS_CHANNEL = 'smm_jobs'

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
  const db: Executor = (await transactionSession(req))?.db ?? (req.payload.db.drizzle as unknown as Executor)
  await db.execute(sql`select pg_notify(${JOBS_CHANNEL}, ${String(job.queue ?? 'default')})`)
  return job
}
