import type { Payload } from 'payload'

import { queueCaps, type QueueCaps } from '../utilities/queueCaps'
import { withDefaults } from '../utilities/withDefaults'
import { JobsWorker, type WorkerOptions } from './JobsWorker'

export type RunWorkerOptions = Partial<Omit<WorkerOptions, 'queueCaps'>> & {
  /** An operator's caps, over those the plugins set (`queueConcurrency`). */
  queueCaps?: QueueCaps
}

export const WORKER_DEFAULTS = { concurrency: 4, pollMs: 2_000, leaseMs: 30_000, shutdownGraceMs: 10_000 }

/** The connection string of Payload's Postgres adapter, for the worker's own connections. */
function adapterConnectionString(payload: Payload): string | undefined {
  return (payload.db as unknown as { poolOptions?: { connectionString?: string } }).poolOptions
    ?.connectionString
}

/**
 * Starts one jobs worker in this process (the entry behind an app's `worker` script) and
 * returns it; `await worker.stop()` on SIGTERM hands back what still runs. Run as many as you
 * like, anywhere: they share the work through Postgres.
 */
export async function runWorker(payload: Payload, options: RunWorkerOptions = {}): Promise<JobsWorker> {
  const databaseUrl = options.databaseUrl ?? adapterConnectionString(payload)
  if (!databaseUrl)
    throw new Error('runWorker: pass databaseUrl (the Postgres adapter has no connectionString)')
  const worker = new JobsWorker(payload, {
    ...withDefaults(WORKER_DEFAULTS, options),
    databaseUrl,
    queueCaps: queueCaps(payload.config, options.queueCaps),
  })
  await worker.start()
  return worker
}
