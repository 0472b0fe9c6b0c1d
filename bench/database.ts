import pg from 'pg'

/**
 * The benchmark's own database on the system Postgres: created fresh for every run so numbers are
 * never measured on data left behind by an earlier (possibly interrupted) run.
 */
export const BENCH_DATABASE = 'smm_bench'
export const ADMIN_DATABASE_URL =
  process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** The admin URL with its database swapped for `name` (same host, user and password). */
export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_DATABASE_URL)
  url.pathname = `/${name}`
  return url.toString()
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL })
  try {
    await client.connect()
  } catch (err) {
    throw new Error(
      `Postgres is not reachable at ${ADMIN_DATABASE_URL} (set BENCH_DATABASE_ADMIN_URL): ${(err as Error).message}`,
    )
  }
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** Drops `name` (closing its connections) and creates it empty. */
export async function recreateDatabase(name: string): Promise<string> {
  await dropDatabase(name)
  await adminQuery(`create database "${name}"`)
  return databaseUrl(name)
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`drop database if exists "${name}" with (force)`)
}

/** Runs `work` with a client connected to `url` and always closes it. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
