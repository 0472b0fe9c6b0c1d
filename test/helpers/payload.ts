import type { Payload, SanitizedConfig } from 'payload'

/**
 * A Local API instance in the test process, on `databaseUrl`. One per test file (jest gives each
 * file its own module registry).
 */
export async function openPayload(databaseUrl: string, env: Record<string, string> = {}) {
  process.env.DATABASE_URL = databaseUrl
  Object.assign(process.env, env)
  const config: SanitizedConfig = await (await import('../../payload.config')).default
  const { getPayload } = await import('payload')
  const payload = await getPayload({ config })
  return { payload, config }
}

type PgPool = {
  on: (event: 'error', fn: () => void) => void
  end: () => Promise<void>
  _clients?: Array<{ release?: (destroy: boolean) => void }>
}

/**
 * payload.destroy() leaves the pg pool open, and the Postgres adapter keeps one client checked
 * out for good (its connect check), so pool.end() alone would wait forever: end the clients too.
 */
export async function closePayload(payload: Payload | undefined) {
  if (!payload) return
  const pool = (payload.db as unknown as { pool?: PgPool }).pool
  await payload.destroy()
  if (!pool) return
  // a connection the test database's DROP … WITH (FORCE) ends later must not crash the run
  pool.on('error', () => undefined)
  for (const client of [...(pool._clients ?? [])]) {
    try {
      client.release?.(true)
    } catch {
      // idle clients are already released; pool.end() closes them
    }
  }
  await pool.end().catch(() => undefined)
}
