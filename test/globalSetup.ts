import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { buildIsCurrent, STOREFRONT_BUILD } from '../src/lib/buildState'
import { runStep } from '../src/lib/processes'
import { adminQuery, databaseUrl } from './helpers/db'

const ROOT = path.resolve(import.meta.dirname, '..')

function step(name: string, args: string[], env: Record<string, string> = {}): void {
  const started = Date.now()
  runStep(name, args[0], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: 'warn', ...env },
  })
  console.log(`[setup] ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

/**
 * Once per run: build the CMS when its sources changed, and make a template database from the
 * committed migrations plus the seed. Each test file copies it (CREATE DATABASE … TEMPLATE).
 */
export default async function globalSetup() {
  const runId = `smm_test_${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`
  const template = `${runId}_tpl`
  process.env.SMM_TEST_RUN_ID = runId
  process.env.SMM_TEST_TEMPLATE_DB = template
  // uploads of this run (seed covers included) stay out of the project's media/ folder
  process.env.MEDIA_DIR = mkdtempSync(path.join(os.tmpdir(), 'smm-media-'))
  console.log('')
  // databases left behind by an interrupted earlier run
  const stale = await adminQuery("select datname from pg_database where datname like 'smm_test_%'")
  for (const row of stale.rows) await adminQuery(`drop database if exists "${row.datname}" with (force)`)

  if (!buildIsCurrent(ROOT)) step('build the CMS', ['src/scripts/build.ts'])
  if (!buildIsCurrent(ROOT, STOREFRONT_BUILD))
    step('build the storefront', ['src/scripts/build-storefront.ts'])
  await adminQuery(`create database "${template}"`)
  const url = databaseUrl(template)
  step('migrate the template database', ['src/scripts/migrate.ts'], { DATABASE_URL: url })
  step('seed the template database', ['src/scripts/seed.ts'], { DATABASE_URL: url })
}
