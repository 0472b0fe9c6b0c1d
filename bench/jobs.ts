import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import pg from 'pg'

import { runStep, spawnLogged, stopChild, TSX_ARGS, untilReady, type LoggedChild } from '../src/lib/processes'
import { dropDatabase, recreateDatabase } from './database'
import { machineBusy } from './processTree'

/**
 * Jobs benchmark (part of `npm run bench`): wake latency from queueing to task start, and no-op
 * job throughput for one and two workers, each against Payload's own payload.jobs.run draining
 * the same number of jobs in the same run.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const JOBS = Number(process.env.BENCH_JOBS ?? 1000)
const WAKE_SAMPLES = Number(process.env.BENCH_WAKE_SAMPLES ?? 100)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
/** Jobs in flight at once on each side: Payload's `limit` and the worker's WORKER_CONCURRENCY. */
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 10)
const DATABASE = 'smm_bench_jobs'

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'smm-bench-jobs-'))
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

async function main() {
  const url = await recreateDatabase(DATABASE)
  // BENCH_SYNCHRONOUS_COMMIT=off: both sides without the wait for the WAL flush at each commit,
  // which on a slow disk is what limits two workers (see the README)
  const synchronousCommit = process.env.BENCH_SYNCHRONOUS_COMMIT
  if (synchronousCommit) {
    if (!/^(on|off|local)$/.test(synchronousCommit))
      throw new Error('BENCH_SYNCHRONOUS_COMMIT: on, off or local')
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`alter database ${DATABASE} set synchronous_commit = ${synchronousCommit}`)
    await admin.end()
  }
  const env = {
    ...process.env,
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
  }
  runStep('migrate', 'src/scripts/migrate.ts', { cwd: ROOT, env, inherit: true })
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  const workers: ChildProcess[] = []
  try {
    // a steady state for every round: this machine's Postgres runs without autovacuum, so the
    // dead rows of earlier rounds would otherwise slow each later one (and the two-worker rounds
    // come last). Not timed.
    const vacuum = () => db.query('vacuum payload_jobs, payload_jobs_log')
    const enqueue = async (n: number, notify: boolean) => {
      await db.query(
        `insert into payload_jobs (input, task_slug, queue, created_at, updated_at)
         select '{"label":"throughput"}'::jsonb, 'diagnostic', 'default', now(), now() from generate_series(1, $1::int)`,
        [n],
      )
      if (notify) await db.query(`select pg_notify('smm_jobs', 'default')`)
    }
    const remaining = async () =>
      (
        await db.query(
          `select count(*)::int as n from payload_jobs where completed_at is null and not coalesce(has_error, false)`,
        )
      ).rows[0].n as number
    // the probe stops at the first unfinished job, so polling costs the database almost nothing
    // (a count would read the whole queue 50 times a second while the workers drain it)
    const pending = async () =>
      (
        await db.query(
          `select exists (select 1 from payload_jobs where completed_at is null and not coalesce(has_error, false)) as pending`,
        )
      ).rows[0].pending as boolean
    const drain = async () => {
      while (await pending()) await new Promise((r) => setTimeout(r, 20))
    }

    // Payload's own runner, in a process of its own, the way a plain Payload app would drain a
    // queue: `payload.jobs.run({ limit })` until nothing is left. It stays up between rounds (warm,
    // like the workers) and drains on each "go" line read from stdin.
    const script = path.join(ROOT, 'bench', '.payload-runner.ts')
    writeFileSync(
      script,
      [
        `import { createInterface } from 'node:readline'`,
        `import config from '@payload-config'`,
        `import { getPayload } from 'payload'`,
        `const payload = await getPayload({ config })`,
        `console.log('READY')`,
        `for await (const _line of createInterface({ input: process.stdin })) {`,
        `  const t0 = performance.now()`,
        `  for (;;) {`,
        `    const result = await payload.jobs.run({ limit: ${PARALLEL} })`,
        `    if (!result.jobStatus || Object.keys(result.jobStatus).length === 0) break`,
        `  }`,
        `  console.log('ELAPSED', performance.now() - t0)`,
        `}`,
        `process.exit(0)`,
      ].join('\n'),
    )
    const runner = spawn(process.execPath, [...TSX_ARGS, script], {
      cwd: ROOT,
      env,
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    workers.push(runner)
    const runnerLines: string[] = []
    let runnerOut = ''
    runner.stdout!.on('data', (chunk: Buffer) => {
      runnerOut += chunk.toString()
      const lines = runnerOut.split('\n')
      runnerOut = lines.pop()!
      runnerLines.push(...lines)
    })
    const nextRunnerLine = async (prefix: string) => {
      for (;;) {
        const index = runnerLines.findIndex((line) => line.startsWith(prefix))
        if (index >= 0) return runnerLines.splice(index, 1)[0]
        if (runner.exitCode !== null) throw new Error('the payload.jobs.run process exited')
        await new Promise((r) => setTimeout(r, 5))
      }
    }
    await nextRunnerLine('READY')
    rmSync(script, { force: true })
    const jobWorkers: ChildProcess[] = []
    /** One baseline round: Payload's runner drains JOBS jobs (its own clock, no polling) while the
     * idle workers are paused (SIGSTOP), so they take none of them. */
    const baselineRound = async () => {
      await drain()
      await vacuum()
      for (const worker of jobWorkers) worker.kill('SIGSTOP')
      try {
        await enqueue(JOBS, false)
        runner.stdin!.write('go\n')
        const ms = Number((await nextRunnerLine('ELAPSED')).split(' ')[1])
        const left = await remaining()
        if (left !== 0) {
          const { rows } = await db.query(
            'select processing, worker_id, count(*)::int from payload_jobs group by 1, 2',
          )
          throw new Error(
            `payload.jobs.run did not drain the queue: ${left} left ${JSON.stringify(rows)} ${ms}`,
          )
        }
        return JOBS / (ms / 1000)
      } finally {
        for (const worker of jobWorkers) worker.kill('SIGCONT')
      }
    }

    const startWorker = async (): Promise<ChildProcess> => {
      const spawnOne = () => {
        const started = spawnLogged('src/scripts/worker.ts', {
          cwd: ROOT,
          env: { ...env, LOG_LEVEL: 'info', WORKER_CONCURRENCY: String(PARALLEL) },
        })
        workers.push(started.child)
        return started
      }
      const up = (started: LoggedChild) => started.output().includes('jobs worker started')
      const { child } = await untilReady(spawnOne(), spawnOne, up, 'a worker to start', 120_000)
      jobWorkers.push(child)
      return child
    }
    /** One worker round: from queueing (with its NOTIFY) until the queue is empty. */
    const workerRound = async () => {
      await vacuum()
      const t0 = performance.now()
      await enqueue(JOBS, true)
      await drain()
      return JOBS / ((performance.now() - t0) / 1000)
    }
    const median = (values: number[]) => percentile(values, 50)
    /** Alternating rounds, so a slow spell of this shared machine hits both sides alike. */
    const compare = async () => {
      const baseline: number[] = []
      const workers: number[] = []
      const cpu = { baseline: [] as number[], workers: [] as number[] }
      for (let i = 0; i < ROUNDS; i++) {
        let busy = machineBusy()
        baseline.push(await baselineRound())
        cpu.baseline.push(busy())
        busy = machineBusy()
        workers.push(await workerRound())
        cpu.workers.push(busy())
      }
      return {
        baseline: median(baseline),
        workers: median(workers),
        rounds: { baseline, workers },
        machineCpuBusy: { baseline: median(cpu.baseline), workers: median(cpu.workers) },
      }
    }

    await startWorker()
    // wake latency: one job at a time on an idle worker; the task writes when it starts
    const latencies: number[] = []
    const effects = path.join(dataDir, 'diagnostics', 'wake.log')
    mkdirSync(path.dirname(effects), { recursive: true })
    for (let i = 0; i < WAKE_SAMPLES; i++) {
      const queuedAt = Date.now()
      const { rows } = await db.query(
        `insert into payload_jobs (input, task_slug, queue, created_at, updated_at)
         values ('{"label":"wake"}'::jsonb, 'diagnostic', 'default', now(), now()) returning id`,
      )
      await db.query(`select pg_notify('smm_jobs', 'default')`)
      const id = String(rows[0].id)
      for (;;) {
        const line = readFileSafe(effects)
          .split('\n')
          .find((l) => l.startsWith(`${id} `))
        if (line) {
          latencies.push(Number(line.split(' ')[2]) - queuedAt)
          break
        }
        await new Promise((r) => setTimeout(r, 2))
      }
    }
    const one = await compare()
    await startWorker()
    const two = await compare()
    const payloadRate = median([...one.rounds.baseline, ...two.rounds.baseline])
    const oneWorker = one.workers
    const twoWorkers = two.workers

    const results = {
      date: new Date().toISOString(),
      jobs: JOBS,
      parallel: PARALLEL,
      rounds: ROUNDS,
      synchronousCommit: synchronousCommit ?? 'server default',
      payloadJobsRun: { jobsPerSecond: round(payloadRate) },
      // each ratio against the baseline rounds that alternated with it
      oneWorker: {
        jobsPerSecond: round(oneWorker),
        ratio: round(oneWorker / one.baseline),
        rounds: one.rounds,
        machineCpuBusy: one.machineCpuBusy,
      },
      twoWorkers: {
        jobsPerSecond: round(twoWorkers),
        ratio: round(twoWorkers / two.baseline),
        rounds: two.rounds,
        machineCpuBusy: two.machineCpuBusy,
      },
      wakeLatencyMs: {
        samples: latencies.length,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
      },
      targets: { oneWorkerRatio: 1.0, twoWorkersRatio: 1.3, wakeP99Ms: 100 },
    }
    console.log('')
    console.log(
      `jobs benchmark (${JOBS} diagnostic jobs per round, ${PARALLEL} in flight on each side, ` +
        `median of ${ROUNDS} rounds alternating with Payload's payload.jobs.run draining the same number)`,
    )
    console.log(`  payload.jobs.run   ${results.payloadJobsRun.jobsPerSecond} jobs/s (baseline)`)
    console.log(
      `  one worker         ${results.oneWorker.jobsPerSecond} jobs/s = ${results.oneWorker.ratio}x   target >= 1.0x  ${results.oneWorker.ratio >= 1 ? 'PASS' : 'FAIL'}`,
    )
    console.log(
      `  two workers        ${results.twoWorkers.jobsPerSecond} jobs/s = ${results.twoWorkers.ratio}x   target >= 1.3x  ${results.twoWorkers.ratio >= 1.3 ? 'PASS' : 'FAIL'}`,
    )
    console.log(
      `  machine CPU busy   payload.jobs.run ${one.machineCpuBusy.baseline * 100}%, one worker ${one.machineCpuBusy.workers * 100}%, ` +
        `two workers ${two.machineCpuBusy.workers * 100}% (of ${os.cpus().length} cores)`,
    )
    console.log(
      `  wake latency       p50 ${results.wakeLatencyMs.p50} ms, p99 ${results.wakeLatencyMs.p99} ms   target p99 <= 100 ms  ${results.wakeLatencyMs.p99 <= 100 ? 'PASS' : 'FAIL'}`,
    )
    mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true })
    writeFileSync(path.join(ROOT, 'bench/results/jobs-latest.json'), JSON.stringify(results, null, 2))
  } finally {
    await Promise.all(workers.map((w) => stopChild(w, 5_000)))
    await db.end()
    if (process.env.BENCH_KEEP_DB !== '1') await dropDatabase(DATABASE)
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const round = (n: number) => Math.round(n * 100) / 100

function readFileSafe(file: string) {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
