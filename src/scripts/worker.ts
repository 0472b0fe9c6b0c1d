import config from '@payload-config'
import { runWorker } from '@memory-maker/payload-jobs'
import { getPayload } from 'payload'

import { getEnv, parseQueueCaps } from '../lib/env'

/** `npm run worker`: one jobs worker (@memory-maker/payload-jobs); run as many as you like. */
const env = getEnv()
const payload = await getPayload({ config })
const worker = await runWorker(payload, {
  databaseUrl: env.DATABASE_URL,
  concurrency: env.WORKER_CONCURRENCY,
  pollMs: env.WORKER_POLL_MS,
  leaseMs: env.WORKER_LEASE_MS,
  shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE_MS,
  queueCaps: parseQueueCaps(env.WORKER_QUEUE_CONCURRENCY),
})

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
