import config from '@payload-config'
import { oldestReadyJobSeconds } from '@memory-maker/payload-jobs'
import { getPayload } from 'payload'

import { getEnv } from './env'
import { publicCacheStats } from './publicCache'
import { getRedis } from './redis'

type Check = { ok: boolean; latencyMs?: number; error?: string }

const withTimeout = <T>(promise: Promise<T>, ms: number) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref(),
    ),
  ])

async function timed(run: () => Promise<unknown>): Promise<Check> {
  const started = performance.now()
  try {
    await withTimeout(run(), 2_000)
    return { ok: true, latencyMs: Math.round(performance.now() - started) }
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) }
  }
}

export async function checkReadiness() {
  let oldestWaitingJobSeconds: number | null = null
  // one round trip proves the database answers and reads the queue's age
  const checks: Record<string, Check> = {}
  checks.database = await timed(async () => {
    oldestWaitingJobSeconds = await oldestReadyJobSeconds(await getPayload({ config }))
  })
  if (getEnv().REDIS_URL) {
    checks.redis = await timed(async () => {
      const redis = getRedis()
      if (!redis) throw new Error('not configured')
      await redis.ping()
    })
  }
  const ok = Object.values(checks).every((check) => check.ok)
  // what answered this process's cacheable public reads since it started
  return {
    status: ok ? 'ok' : 'unavailable',
    checks,
    queue: { oldestWaitingJobSeconds },
    publicCache: publicCacheStats(),
  }
}
