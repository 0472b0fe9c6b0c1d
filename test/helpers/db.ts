import { randomBytes } from 'node:crypto'

import pg from 'pg'

import { ADMIN_DATABASE_URL, START_POSTGRES_HINT } from './constants'

export async function adminQuery(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL })
  try {
    await client.connect()
  } catch (err) {
    throw new Error(
      `Postgres is not reachable at ${ADMIN_DATABASE_URL}: ${(err as Error).message}. ${START_POSTGRES_HINT}`,
    )
  }
  try {
    return await client.query(sql, params)
  } finally {
    await client.end()
  }
}

export const databaseUrl = (name: string) => {
  const url = new URL(ADMIN_DATABASE_URL)
  url.pathname = `/${name}`
  return url.toString()
}

/** A fresh database for one test file: a copy of the migrated and seeded template of this run. */
export async function createTestDatabase(): Promise<{
  name: string
  url: string
  drop: () => Promise<void>
}> {
  const template = process.env.SMM_TEST_TEMPLATE_DB
  if (!template)
    throw new Error('SMM_TEST_TEMPLATE_DB is not set: run the tests through jest (test/globalSetup.ts)')
  const name = `${template.replace(/_tpl$/, '')}_${randomBytes(4).toString('hex')}`
  await adminQuery(`create database "${name}" template "${template}"`)
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      await adminQuery(`drop database if exists "${name}" with (force)`)
    },
  }
}
