import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll } from '@jest/globals'
import pg from 'pg'
import type { Payload } from 'payload'

import {
  spawnLogged,
  stopChild,
  untilReady,
  waitForCondition,
  type LoggedChild,
} from '../../src/lib/processes'
import { ROOT } from './cms'
import { createTestDatabase } from './db'
import { closePayload, openPayload } from './payload'

export type RunningWorker = { child: ChildProcess; output: () => string; started: () => Promise<void> }

/** One `npm run worker` process (through tsx) with the given environment. */
export function spawnWorker(env: Record<string, string>): RunningWorker {
  const spawnOne = () =>
    spawnLogged('src/scripts/worker.ts', {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LOG_LEVEL: 'info',
        ...env,
      } as unknown as NodeJS.ProcessEnv,
    })
  let current = spawnOne()
  return {
    get child() {
      return current.child
    },
    output: () => current.output(),
    started: async () => {
      const up = (started: LoggedChild) => started.output().includes('jobs worker started')
      current = await untilReady(current, spawnOne, up, 'the worker to start', 60_000)
    },
  }
}

export type JobsFixture = {
  /** Payload on the suite's database, as the app (it queues; it never runs jobs). */
  payload: Payload
  /** A plain client on the same database, for asserting on payload_jobs. */
  db: pg.Client
  databaseUrl: string
  /** The workers' DATA_DIR (outbox, diagnostics). */
  dataDir: string
  /** Workers started through `startWorker`; all are stopped after the suite. */
  workers: Map<string, RunningWorker>
  /** Starts a worker on the suite's database and DATA_DIR (`env` adds to or overrides that). */
  startWorker: (name: string, env?: Record<string, string>) => RunningWorker
  /** Polls `probe` until it returns a truthy value; on timeout the error carries the workers' logs. */
  waitUntil: <T>(
    what: string,
    probe: () => Promise<T | undefined | false> | T | undefined | false,
    timeoutMs?: number,
  ) => Promise<T>
}

/** A suite that runs workers: its own copy of the seeded database, a DATA_DIR, and teardown. */
export function useJobsFixture(dataDirPrefix: string): JobsFixture {
  let drop: (() => Promise<void>) | undefined
  const workers = new Map<string, RunningWorker>()
  const fixture: JobsFixture = {
    workers,
    startWorker: (name, env = {}) => {
      const worker = spawnWorker({ DATABASE_URL: fixture.databaseUrl, DATA_DIR: fixture.dataDir, ...env })
      workers.set(name, worker)
      return worker
    },
    waitUntil: (what, probe, timeoutMs = 60_000) =>
      waitForCondition(what, probe, timeoutMs, () =>
        [...workers.entries()].map(([n, w]) => `--- ${n}\n${w.output().slice(-3000)}`).join('\n'),
      ),
  } as JobsFixture

  beforeAll(async () => {
    fixture.dataDir = mkdtempSync(path.join(os.tmpdir(), dataDirPrefix))
    const created = await createTestDatabase()
    drop = created.drop
    fixture.databaseUrl = created.url
    ;({ payload: fixture.payload } = await openPayload(fixture.databaseUrl, { DATA_DIR: fixture.dataDir }))
    fixture.db = new pg.Client({ connectionString: fixture.databaseUrl })
    await fixture.db.connect()
  }, 120_000)

  afterAll(async () => {
    await Promise.all([...workers.values()].map((w) => stopChild(w.child, 5_000)))
    await fixture.db?.end()
    await closePayload(fixture.payload)
    await drop?.()
    if (fixture.dataDir) rmSync(fixture.dataDir, { recursive: true, force: true })
  }, 60_000)

  return fixture
}
