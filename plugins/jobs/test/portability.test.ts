import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { postgresAdapter } from '@payloadcms/db-postgres'
import pg from 'pg'
import {
  buildConfig,
  commitTransaction,
  createLocalReq,
  getPayload,
  initTransaction,
  killTransaction,
  type Payload,
  type TaskConfig,
} from 'payload'

import { jobsPlugin, queueJob, RetryAfterError, runWorker, type JobsWorker } from '../src'

/**
 * The plugin on a config that is not the project's: its own throw-away database (pushed, not
 * migrated), a bare users collection, one task of the app's own. Nothing from the project.
 */
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const database = `jobs_plugin_${randomBytes(4).toString('hex')}`
const databaseUrl = (() => {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${database}`
  return url.toString()
})()
const diagnosticsDir = mkdtempSync(path.join(os.tmpdir(), 'jobs-plugin-'))

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** A task of the app's own that asks to be retried later, with no wrapper of any kind. */
// the project's generated types name its own task slugs; this config has its own
const politeTask = {
  slug: 'polite',
  retries: { attempts: 3, backoff: { type: 'fixed', delay: 10 } },
  inputSchema: [],
  handler: async () => {
    throw new RetryAfterError('the provider asked us to wait', 60_000)
  },
} as unknown as TaskConfig

let payload: Payload
let db: pg.Client
const workers: JobsWorker[] = []
/** What the workers logged as errors (a failed claim, renewal or reap). */
const loggedErrors: unknown[] = []

beforeAll(async () => {
  await admin(`create database "${database}"`)
  const config = buildConfig({
    secret: 'a-secret-for-the-portability-test',
    db: postgresAdapter({ pool: { connectionString: databaseUrl }, push: true }),
    collections: [{ slug: 'users', auth: true, fields: [] }],
    jobs: { tasks: [politeTask] },
    plugins: [jobsPlugin({ diagnosticsDir })],
    telemetry: false,
  })
  payload = await getPayload({ config })
  const logError = payload.logger.error.bind(payload.logger)
  payload.logger.error = ((...args: Parameters<typeof logError>) => {
    loggedErrors.push(args[0])
    return logError(...args)
  }) as typeof payload.logger.error
  db = new pg.Client({ connectionString: databaseUrl })
  await db.connect()
}, 120_000)

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()))
  await db?.end()
  // payload.destroy() leaves the adapter's pool open; the forced drop below ends its connections
  const pool = (
    payload?.db as unknown as { pool?: { on: (event: 'error', fn: () => void) => void } } | undefined
  )?.pool
  pool?.on('error', () => undefined)
  await payload?.destroy()
  await admin(`drop database if exists "${database}" with (force)`)
  rmSync(diagnosticsDir, { recursive: true, force: true })
}, 60_000)

const start = async (workerId: string) => {
  const worker = await runWorker(payload, {
    databaseUrl,
    workerId,
    pollMs: 500,
    leaseMs: 5_000,
    shutdownGraceMs: 1_000,
  })
  workers.push(worker)
  return worker
}

/** The job ids the diagnostic task recorded as done for `label` ("<id> <attempt> <at> done …"). */
function runsOf(label: string): number[] {
  const file = path.join(diagnosticsDir, `${label}.log`)
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter((line) => line.split(' ')[3] === 'done')
    .map((line) => Number(line.split(' ')[0]))
}

async function waitUntil(what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('@memory-maker/payload-jobs on a foreign config', () => {
  it('never runs a job queued in a transaction that rolled back', async () => {
    await start('solo')
    const req = await createLocalReq({}, payload)
    await initTransaction(req)
    await queueJob(req, { task: 'diagnostic', input: { label: 'rolled-back' } })
    await killTransaction(req)
    // a sentinel queued after it: once it has run, the worker has seen everything before it
    const sentinel = await queueJob(await createLocalReq({}, payload), {
      task: 'diagnostic',
      input: { label: 'sentinel' },
    })
    await waitUntil('the sentinel job ran', () => runsOf('sentinel').includes(Number(sentinel.id)))
    expect(runsOf('rolled-back')).toEqual([])
    const { rows } = await db.query(
      `select count(*)::int as n from payload_jobs where input->>'label' = 'rolled-back'`,
    )
    expect(rows[0].n).toBe(0)
  })

  it('runs 200 committed jobs shared by two workers, each exactly once, without a database error', async () => {
    await start('second')
    const ids: number[] = []
    const req = await createLocalReq({}, payload)
    await initTransaction(req)
    for (let i = 0; i < 200; i++)
      ids.push(Number((await queueJob(req, { task: 'diagnostic', input: { label: 'shared' } })).id))
    await commitTransaction(req)
    await waitUntil('200 jobs ran', () => runsOf('shared').length >= 200)
    const runs = runsOf('shared')
    expect(runs).toHaveLength(200)
    expect([...runs].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b))
    // and both took part (each run records the worker that claimed it)
    const file = readFileSync(path.join(diagnosticsDir, 'shared.log'), 'utf8')
    expect(
      new Set(
        file
          .trim()
          .split('\n')
          .map((line) => line.split(' ')[5]),
      ),
    ).toEqual(new Set(['solo', 'second']))
    // claims, lease renewals and the reaper never deadlocked with Payload's runner
    expect(loggedErrors).toEqual([])
  })

  it("honours a RetryAfterError from the app's own task, with no wrapper", async () => {
    const job = await queueJob(await createLocalReq({}, payload), {
      task: 'polite' as 'diagnostic',
      input: {},
    })
    await waitUntil('the polite job was tried', async () => {
      const { rows } = await db.query('select total_tried, worker_id from payload_jobs where id = $1', [
        job.id,
      ])
      return rows[0]?.total_tried >= 1 && rows[0]?.worker_id === null
    })
    const { rows } = await db.query(
      'select extract(epoch from wait_until - now())::float as wait, has_error from payload_jobs where id = $1',
      [job.id],
    )
    // the provider's 60 s, not the task's 10 ms backoff
    expect(rows[0].has_error).toBe(false)
    expect(rows[0].wait).toBeGreaterThan(50)
  })
})
