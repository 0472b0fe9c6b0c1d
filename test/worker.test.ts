import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

import { beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import pg from 'pg'
import { createLocalReq, initTransaction, killTransaction, type Payload } from 'payload'

import { stopChild } from '../src/lib/processes'
import { useJobsFixture } from './helpers/worker'

/**
 * The jobs worker against the real Postgres: exactly once with two workers, a worker killed
 * mid-job, Retry-After, fail-now, attempts, SIGTERM and a rolled-back queueing.
 */
const LEASE_MS = 1500
const fixture = useJobsFixture('smm-worker-')
const { workers, waitUntil } = fixture
// the fixture's parts, once its beforeAll has run
let payload: Payload
let databaseUrl: string
let dataDir: string
let db: pg.Client

function startWorker(name: string, env: Record<string, string> = {}) {
  return fixture.startWorker(name, {
    WORKER_CONCURRENCY: '4',
    WORKER_POLL_MS: '1000',
    WORKER_LEASE_MS: String(LEASE_MS),
    WORKER_QUEUE_CONCURRENCY: 'capped=2',
    ...env,
  }).child
}

const workerStarted = (name: string) => workers.get(name)!.started()

type Effect = {
  id: number
  attempt: number
  at: number
  state: 'done' | 'failed'
  startedAt: number
  workerId: string
}
function effects(label: string): Effect[] {
  const file = path.join(dataDir, 'diagnostics', `${label}.log`)
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id, attempt, at, state, startedAt, workerId] = line.split(' ')
      return {
        id: Number(id),
        attempt: Number(attempt),
        at: Number(at),
        state: state as Effect['state'],
        startedAt: Number(startedAt),
        workerId,
      }
    })
}

const job = async (id: number | string) =>
  (
    await db.query(
      'select id, processing, completed_at, has_error, total_tried::int as total_tried, worker_id, wait_until from payload_jobs where id = $1',
      [id],
    )
  ).rows[0]

/** Payload deletes a job once it completes (deleteJobOnComplete); failed jobs stay. */
const finished = async (id: number | string) => {
  const row = await job(id)
  return !row || Boolean(row.completed_at)
}

/** Queues a diagnostic job the way plugins do: queueJob, which wakes the workers (NOTIFY). */
const queue = async (input: Record<string, unknown>, queueName?: string) => {
  const { queueJob } = await import('@memory-maker/payload-jobs')
  return queueJob(await createLocalReq({}, payload), {
    task: 'diagnostic',
    input,
    ...(queueName ? { queue: queueName } : {}),
  })
}

/**
 * To show that something did not happen: a sentinel job queued after it has run, so the workers
 * have dealt with everything that came before.
 */
async function afterSentinel() {
  const sentinel = await queue({ label: 'sentinel' })
  await waitUntil('the sentinel job to run', () =>
    effects('sentinel').some((e) => e.id === Number(sentinel.id)),
  )
}

/** Two workers running, whatever an earlier test did with them (each test passes alone). */
async function twoWorkersRunning() {
  for (const name of ['a', 'b', 'c', 'd']) {
    if ([...workers.keys()].filter((key) => workers.get(key)!.child.exitCode === null).length >= 2) break
    if (!workers.has(name)) {
      startWorker(name)
      await workerStarted(name)
    }
  }
}

beforeAll(async () => {
  ;({ payload, databaseUrl, dataDir, db } = fixture)
}, 120_000)

beforeEach(async () => {
  await twoWorkersRunning()
}, 120_000)

describe('jobs worker', () => {
  it('runs 500 jobs queued for two workers, each exactly once', async () => {
    for (let i = 0; i < 500; i++) await queue({ label: 'bulk' })
    await waitUntil('500 jobs done', async () => {
      const { rows } = await db.query(
        `select count(*)::int as n from payload_jobs where completed_at is null and input->>'label' = 'bulk'`,
      )
      return rows[0].n === 0
    })
    const done = effects('bulk').filter((e) => e.state === 'done')
    expect(done).toHaveLength(500)
    expect(new Set(done.map((e) => e.id)).size).toBe(500)
    // both workers took part
    expect(new Set(done.map((e) => e.workerId)).size).toBe(2)
    const { rows } = await db.query(`select count(*)::int as n from payload_jobs where has_error`)
    expect(rows[0].n).toBe(0)
  }, 120_000)

  it('never runs more of a capped queue at once than its cap, across workers', async () => {
    // caps from the config (the email and ai-pages queues) and from the operator's WORKER_QUEUE_CONCURRENCY
    for (const worker of workers.values())
      expect(worker.output()).toContain('"queueCaps":{"email":2,"ai-pages":4,"capped":2}')
    for (let i = 0; i < 12; i++) await queue({ label: 'capped', sleepMs: 300 }, 'capped')
    await waitUntil('12 capped jobs done', async () => effects('capped').length === 12, 30_000)
    // each run's [start, end] as the task saw it lies inside the time it held a slot
    const edges = effects('capped')
      .flatMap((run) => [
        { at: run.startedAt, change: 1 },
        { at: run.at, change: -1 },
      ])
      .sort((a, b) => a.at - b.at || a.change - b.change)
    let running = 0
    let most = 0
    for (const edge of edges) most = Math.max(most, (running += edge.change))
    expect(most).toBe(2)
  }, 60_000)

  it('reaps the job of a worker killed mid-job and completes it on the other, within the lease', async () => {
    const queued = await queue({ label: 'kill', sleepMs: 2500 })
    // claimed and started (Payload marks it processing as it starts the run)
    const holder = await waitUntil('the job to be running', async () => {
      const row = await job(queued.id)
      return row?.processing ? (row.worker_id as string) : undefined
    })
    // the worker id names the node process that runs the worker (tsx starts it as a child)
    const pid = Number(holder.split(':').pop())
    const victim = [...workers.entries()].find(([, w]) => w.output().includes(`"workerId":"${holder}"`))
    expect(victim).toBeDefined()
    const killedAt = Date.now()
    process.kill(pid, 'SIGKILL')
    await waitUntil('the other worker to finish it', () => finished(queued.id), 30_000)
    // lease expiry + the reaper's period + the job's own 2.5 s
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + LEASE_MS / 2 + 2500 + 3000)
    const done = effects('kill').filter((e) => e.state === 'done')
    expect(done).toHaveLength(1)
    expect(done[0].attempt).toBe(2)
    await stopChild(victim![1].child, 5_000)
    workers.delete(victim![0])
  }, 60_000)

  it('returns a job claimed by a worker that died before starting it, without counting an attempt', async () => {
    const { rows } = await db.query(
      `insert into payload_jobs (task_slug, input, queue, worker_id, lease_until)
       values ('diagnostic', '{"label":"claimed-not-started"}', 'default', 'ghost:1', now() - interval '1 second')
       returning id`,
    )
    // a failed job whose worker died before it ended the lease stays failed
    const failed = await db.query(
      `insert into payload_jobs (task_slug, input, queue, worker_id, lease_until, has_error, total_tried)
       values ('diagnostic', '{"label":"failed-stale-lease"}', 'default', 'ghost:2', now() - interval '1 second', true, 3)
       returning id`,
    )
    await waitUntil('the orphaned job to run', () => finished(rows[0].id), 30_000)
    expect(effects('claimed-not-started').map((e) => [e.attempt, e.state])).toEqual([[1, 'done']])
    await waitUntil(
      'the stale lease to be reaped',
      async () => (await job(failed.rows[0].id)).worker_id === null,
    )
    await afterSentinel()
    expect(await job(failed.rows[0].id)).toMatchObject({ has_error: true, total_tried: 3, processing: false })
    expect(effects('failed-stale-lease')).toHaveLength(0)
  }, 60_000)

  it('honours a Retry-After: the next attempt starts no earlier than the delay', async () => {
    const queued = await queue({
      label: 'retry-after',
      failWith: 'retry-after',
      failAttempts: 1,
      retryAfterMs: 1500,
    })
    await waitUntil('the retried job to finish', () => finished(queued.id), 30_000)
    const [failed, done] = effects('retry-after')
    expect(failed.state).toBe('failed')
    expect(done.state).toBe('done')
    expect(done.at - failed.at).toBeGreaterThanOrEqual(1500)
  }, 60_000)

  it('does not retry a fail-now error', async () => {
    const queued = await queue({ label: 'fail-now', failWith: 'fail-now', failAttempts: 5 })
    const row = await waitUntil('the job to fail', async () => {
      const current = await job(queued.id)
      return current?.has_error ? current : undefined
    })
    await afterSentinel()
    expect(effects('fail-now')).toHaveLength(1)
    expect(row.completed_at).toBeNull()
  })

  it("stops retrying at the task's attempts (1 + 2 retries)", async () => {
    const queued = await queue({ label: 'attempts', failWith: 'error', failAttempts: 99 })
    const row = await waitUntil(
      'the job to fail for good',
      async () => {
        const current = await job(queued.id)
        return current?.has_error ? current : undefined
      },
      30_000,
    )
    await afterSentinel()
    expect(effects('attempts').map((e) => e.attempt)).toEqual([1, 2, 3])
    expect(row.total_tried).toBe(3)
  }, 60_000)

  it('an admin retries a failed job over REST; nobody else can', async () => {
    const { startCms } = await import('./helpers/cms')
    const { client } = await import('./helpers/api')
    const { SEED } = await import('./helpers/constants')
    // a job of its own that fails for good (the task is told to fail three times)
    const failed = { id: Number((await queue({ label: 'to-retry', failWith: 'error', failAttempts: 6 })).id) }
    await waitUntil(
      'the job to fail for good',
      async () => Boolean((await job(failed.id))?.has_error),
      30_000,
    )
    const cms = await startCms({ databaseUrl })
    try {
      const api = client(cms.url)
      const editor = { token: await api.login(SEED.editor.email, SEED.editor.password) }
      expect((await api.rest('POST', `/api/payload-jobs/${failed.id}/retry`, { auth: editor })).status).toBe(
        403,
      )
      expect((await api.rest('POST', `/api/payload-jobs/${failed.id}/retry`)).status).toBe(403)
      const admin = { token: await api.login(SEED.admin.email, SEED.admin.password) }
      const list = await api.rest('GET', '/api/payload-jobs?where[hasError][equals]=true', { auth: admin })
      expect(list.body.docs.map((d: any) => d.id)).toContain(failed.id)
      const retried = await api.rest('POST', `/api/payload-jobs/${failed.id}/retry`, { auth: admin })
      expect(retried.status).toBe(200)
      // it fails again (the task is told to), three more attempts: 6 in all
      await waitUntil(
        'the retried job to fail again',
        async () => {
          const row = await job(failed.id)
          return row?.has_error && effects('to-retry').length === 6
        },
        30_000,
      )
      expect((await api.rest('POST', `/api/payload-jobs/${failed.id}/retry`, { auth: admin })).status).toBe(
        200,
      )
      expect((await api.rest('POST', '/api/payload-jobs/999999/retry', { auth: admin })).status).toBe(404)
    } finally {
      await cms.stop()
    }
  }, 90_000)

  it('never runs a job queued in a transaction that rolled back', async () => {
    const { queueJob } = await import('@memory-maker/payload-jobs')
    const req = await createLocalReq({}, payload)
    await initTransaction(req)
    const queued = await queueJob(req, { task: 'diagnostic', input: { label: 'rolled-back' } })
    await killTransaction(req)
    await afterSentinel()
    expect(await job(queued.id)).toBeUndefined()
    expect(effects('rolled-back')).toHaveLength(0)
  })

  it('on SIGTERM releases the jobs it holds and exits 0', async () => {
    for (const [name, w] of workers) {
      const exited = new Promise<number | null>((resolve) => w.child.once('exit', (code) => resolve(code)))
      w.child.kill('SIGTERM')
      expect(await exited).toBe(0)
      workers.delete(name)
    }
    startWorker('short-grace', { WORKER_SHUTDOWN_GRACE_MS: '300' })
    await workerStarted('short-grace')
    const queued = await queue({ label: 'sigterm', sleepMs: 20_000 })
    await waitUntil('the job to be claimed', async () => (await job(queued.id))?.processing)
    const worker = workers.get('short-grace')!.child
    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)))
    worker.kill('SIGTERM')
    expect(await exited).toBe(0)
    workers.delete('short-grace')
    const row = await job(queued.id)
    expect(row.processing).toBe(false)
    expect(row.worker_id).toBeNull()
    expect(row.completed_at).toBeNull()
    expect(row.total_tried).toBe(0)
  }, 60_000)
})
