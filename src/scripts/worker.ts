import config from '@payload-config'
import { getPayload } from 'payload'

import { getEnv } from '../lib/env'
import { parseQueueCaps, queueCaps } from '../lib/jobs/queueCaps'
import { JobsWorker } from '../lib/jobs/worker'

/** `npm run worker`: one jobs worker; run as many as you like (see src/lib/jobs/worker.ts). */
const env = getEnv()
const payload = await getPayload({ config })
const worker = new JobsWorker(payload, {
  databaseUrl: env.DATABASE_URL,
  concurrency: env.WORKER_CONCURRENCY,
  pollMs: env.WORKER_POLL_MS,
  leaseMs: env.WORKER_LEASE_MS,
  shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE_MS,
  queueCaps: queueCaps(payload.config, parseQueueCaps(env.WORKER_QUEUE_CONCURRENCY)),
})
await worker.start()

let stopping = false
const stop = async (signal: string) => {
  if (stopping) return
  stopping = true
  payload.logger.info({ signal }, 'jobs worker stopping')
  await worker.stop()
  process.exit(0)
}
process.on('SIGTERM', () => void stop('SIGTERM'))
process.on('SIGINT', () => void stop('SIGINT'))
