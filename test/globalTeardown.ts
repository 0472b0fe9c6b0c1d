import { rmSync } from 'node:fs'

import { adminQuery } from './helpers/db'

export default async function globalTeardown() {
  if (process.env.MEDIA_DIR?.includes('smm-media-'))
    rmSync(process.env.MEDIA_DIR, { recursive: true, force: true })
  const runId = process.env.SMM_TEST_RUN_ID
  if (!runId) return
  const { rows } = await adminQuery('select datname from pg_database where datname like $1', [`${runId}%`])
  for (const row of rows) await adminQuery(`drop database if exists "${row.datname}" with (force)`)
}
