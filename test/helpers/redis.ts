import { spawn, spawnSync } from 'node:child_process'

import { Redis } from 'ioredis'

import { freePort, stopChild } from '../../src/lib/processes'
import { START_REDIS_HINT } from './constants'

/** A Redis server of the test's own (so it can be stopped mid-test), on a free port. */
export async function startRedis() {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(`redis-server is not installed: ${START_REDIS_HINT}`)
  }
  const port = await freePort()
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  )
  const url = `redis://127.0.0.1:${port}`
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  const deadline = Date.now() + 10_000
  for (;;) {
    try {
      await probe.connect()
      await probe.ping()
      break
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`redis-server on ${port} did not start: ${(err as Error).message}`)
      probe.disconnect()
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return {
    url,
    client: probe,
    stop: async () => {
      probe.disconnect()
      await stopChild(child, 3_000)
    },
  }
}
