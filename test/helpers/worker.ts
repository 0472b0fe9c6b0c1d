import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll } from '@jest/globals'
import pg from 'pg'
import type { Payload } from 'payload'

import { stopChild, TSX_ARGS } from '../../src/lib/processes'
import { ROOT } from './cms'
import { createTestDatabase } from './db'
import { closePayload, openPayload } from './payload'

export type RunningWorker = { child: ChildProcess; output: () => string; started: () => Promise<void> }

/** One `npm run worker` process (through tsx) with the given environment. */
export function spawnWorker(env: Record<string, string>): RunningWorker {
  let log = ''
  const child = spawn(process.execPath, [...TSX_ARGS, 'src/scripts/worker.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LOG_LEVEL: 'info',
      ...env,
    } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const append = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000))
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  const started = async () => {
    const deadline = Date.now() + 60_000
    while (!log.includes('jobs worker started')) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start:\n${log}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return { child, output: () => log, started }
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
    waitUntil: async (what, probe, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const value = await probe()
        if (value) return value
        if (Date.now() > deadline) {
          const logs = [...workers.entries()]
            .map(([n, w]) => `--- ${n}\n${w.output().slice(-3000)}`)
            .join('\n')
          throw new Error(`timed out waiting for ${what}\n${logs}`)
        }
        await new Promise((r) => setTimeout(r, 100))
      }
    },
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
