import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type pg from 'pg'

import { buildIsCurrent } from '../src/lib/buildState'
import { runStep } from '../src/lib/processes'
import { BENCH_DATABASE, dropDatabase, recreateDatabase, withClient } from './database'
import { measureScenario, type Durations, type RequestShape } from './load'
import { measureMixed, renderMixed } from './mixed'
import { RssSampler } from './processTree'
import { judge, renderFailures, renderTable, type ScenarioReport, type Target } from './report'
import { explainCatalogueList, seedLargeCatalogue, type CatalogueCounts, type QueryPlan } from './seedLarge'
import { baseEnv, passedThroughSettings, ROOT, startServer } from './server'

/**
 * `npm run bench`: the CMS's read path under load, against a large catalogue.
 *
 *   build if stale → fresh database smm_bench (migrate, seed, bulk catalogue, ANALYZE, EXPLAIN)
 *   → production server on a free port → per scenario: warm-up, 50-connection throughput run,
 *   10-connection latency run → table on stdout + bench/results/latest.json → clean up.
 *
 * Environment: BENCH_DATABASE_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_DURATION_SECONDS (10), BENCH_WARMUP_SECONDS (3), BENCH_KEEP_DB=1 to keep smm_bench, and
 * REDIS_URL / PUBLIC_CACHE_TTL_SECONDS / DATABASE_POOL_MAX passed to the server when set.
 * Exits 0 whether or not targets pass; non-zero only when the harness itself failed.
 */

const say = (message: string) => console.log(`[bench] ${message}`)

const MIN_BOOKS = 10_000
const MIN_PAGES = 100_000
// the seed's demo customer (src/lib/env.ts default; the seed runs with a clean environment)
const SEED_CUSTOMER_EMAIL = 'customer@example.com'
const SEED_CUSTOMER_PASSWORD = 'customer-dev-password'
const RESULTS_FILE = path.join(ROOT, 'bench/results/latest.json')

const CATALOGUE_QUERY = new URLSearchParams({
  'where[kind][equals]': 'template',
  'where[_status][equals]': 'published',
  sort: '-createdAt',
  limit: '12',
  depth: '0',
}).toString() // encodes the brackets (%5B, %5D)

type Scenario = { name: string; path: string; target: Target | null; request?: RequestShape }

function scenarios(bookId: number): Scenario[] {
  return [
    { name: 'baseline', path: '/api/health', target: null },
    { name: 'book by id', path: `/api/books/${bookId}?depth=0`, target: { minRatio: 0.7, maxP99Ms: 40 } },
    {
      name: 'catalogue list',
      path: `/api/books?${CATALOGUE_QUERY}`,
      target: { minRatio: 0.45, maxP99Ms: 60 },
    },
    {
      // a successful login: one password hash (pbkdf2, 600,000 rounds) bounds it; reported, no target
      name: 'login',
      path: '/api/users/login',
      target: { minRatio: 0, maxP99Ms: 10_000 },
      request: {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: SEED_CUSTOMER_EMAIL, password: SEED_CUSTOMER_PASSWORD }),
      },
    },
  ]
}

// ---- clean-up: registered as resources are created, run last-in first-out, each at most once ----

const cleanups: Array<{ name: string; run: () => Promise<void> | void }> = []

function onCleanup(name: string, run: () => Promise<void> | void) {
  cleanups.push({ name, run })
}

async function cleanUp() {
  while (cleanups.length) {
    const { name, run } = cleanups.pop()!
    try {
      await run()
    } catch (err) {
      console.error(`[bench] clean-up "${name}" failed: ${(err as Error).message}`)
    }
  }
}

// Ctrl-C or a kill while awaiting: still stop the server and drop the database
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`[bench] ${signal}: cleaning up`)
    void cleanUp().finally(() => process.exit(130))
  })
}

// ---- steps ----

function secondsFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`)
  return value
}

/** Runs a project script with tsx, output on this terminal; throws when it fails. */
function runScript(script: string, env?: Record<string, string>) {
  const started = Date.now()
  // Next's types make NODE_ENV required; leaving it unset is deliberate (as `npm start` runs these)
  runStep(script, script, { cwd: ROOT, env: (env ?? process.env) as NodeJS.ProcessEnv, inherit: true })
  say(`${script}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

function ensureBuild() {
  if (buildIsCurrent(ROOT)) {
    say('CMS build is current')
    return
  }
  say('CMS build is missing or stale: building (a few minutes)')
  runScript('src/scripts/build.ts')
}

type PreparedDatabase = { url: string; counts: CatalogueCounts; plan: QueryPlan; bookId: number }

/** A fresh smm_bench: committed migrations, the normal seed, then the bulk catalogue. */
async function prepareDatabase(mediaDir: string): Promise<PreparedDatabase> {
  say(`creating database ${BENCH_DATABASE}`)
  const url = await recreateDatabase(BENCH_DATABASE)
  if (process.env.BENCH_KEEP_DB === '1') say(`BENCH_KEEP_DB=1: ${BENCH_DATABASE} is kept after the run`)
  else onCleanup(`drop ${BENCH_DATABASE}`, () => dropDatabase(BENCH_DATABASE))

  const scriptEnv = {
    ...baseEnv(),
    DATABASE_URL: url,
    MEDIA_DIR: mediaDir,
    LOG_LEVEL: 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
  }
  runScript('src/scripts/migrate.ts', scriptEnv)
  runScript('src/scripts/seed.ts', scriptEnv)

  return withClient(url, async (client) => {
    say('bulk-loading the large catalogue')
    const started = Date.now()
    const counts = await seedLargeCatalogue(client, { customerEmail: SEED_CUSTOMER_EMAIL })
    say(
      `catalogue loaded and analysed in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`,
    )
    if (counts.books < MIN_BOOKS || counts.pages < MIN_PAGES) {
      throw new Error(
        `catalogue too small: ${counts.books} books (need ${MIN_BOOKS}), ${counts.pages} pages (need ${MIN_PAGES})`,
      )
    }
    const plan = await explainCatalogueList(client)
    return { url, counts, plan, bookId: await publishedTemplateId(client) }
  })
}

/** A published template from the normal seed (real questions, options, cover), else a bench one. */
async function publishedTemplateId(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    `select id from books where kind = 'template' and _status = 'published'
     order by (slug like 'bench-%'), id limit 1`,
  )
  if (!rows[0]) throw new Error('no published template to read by id')
  return rows[0].id
}

function printPlan(plan: QueryPlan) {
  console.log(`\nEXPLAIN (ANALYZE, BUFFERS) ${plan.sql}`)
  console.log(plan.plan.replace(/^/gm, '  '))
  console.log(
    `index scan: ${plan.usesIndexScan ? 'yes' : 'no'}${plan.indexes.length ? ` (${plan.indexes.join(', ')})` : ''}\n`,
  )
}

async function measureAll(serverUrl: string, bookId: number, durations: Durations, sampler: RssSampler) {
  const reports: ScenarioReport[] = []
  let baselineReqPerSec: number | null = null
  for (const scenario of scenarios(bookId)) {
    say(`scenario "${scenario.name}": ${scenario.request?.method ?? 'GET'} ${scenario.path}`)
    sampler.takeWindowPeakMb() // start this scenario's RSS window
    const measured = await measureScenario(
      `${serverUrl}${scenario.path}`,
      durations,
      (phase) => say(`  ${phase}`),
      scenario.request,
    )
    const numbers = { ...measured, peakRssMb: sampler.takeWindowPeakMb() }
    if (scenario.target === null) baselineReqPerSec = numbers.throughput.reqPerSec
    const report = judge(scenario.name, scenario.path, numbers, baselineReqPerSec, scenario.target)
    say(
      `  ${report.throughput.reqPerSec} req/s @${report.throughput.connections}, ` +
        `p50 ${report.latency.p50Ms} ms / p99 ${report.latency.p99Ms} ms @${report.latency.connections}, ` +
        `peak RSS ${report.peakRssMb} MB`,
    )
    reports.push(report)
  }
  return reports
}

function writeResults(results: Record<string, unknown>) {
  mkdirSync(path.dirname(RESULTS_FILE), { recursive: true })
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`)
  say(`results written to ${path.relative(ROOT, RESULTS_FILE)}`)
}

async function main() {
  const durations: Durations = {
    runSeconds: secondsFromEnv('BENCH_DURATION_SECONDS', 10, 1),
    warmupSeconds: secondsFromEnv('BENCH_WARMUP_SECONDS', 3, 0),
  }
  const startedAt = new Date()
  const loadAverageAtStart = os.loadavg()

  ensureBuild()

  // seed covers and any upload of the run stay out of the project's media/ folder
  const mediaDir = mkdtempSync(path.join(os.tmpdir(), 'smm-bench-media-'))
  onCleanup('remove the temporary media folder', () => rmSync(mediaDir, { recursive: true, force: true }))

  const database = await prepareDatabase(mediaDir)
  printPlan(database.plan)

  say('starting the CMS (production build)')
  const server = await startServer({ databaseUrl: database.url, mediaDir })
  onCleanup('stop the CMS', () => server.stop())
  say(`CMS up at ${server.url} (pid ${server.pid})`)

  const sampler = new RssSampler(server.pid)
  sampler.start()
  onCleanup('stop RSS sampling', () => sampler.stop())

  const reports = await measureAll(server.url, database.bookId, durations, sampler)
  say('scenario "mixed": anonymous reads while customers personalise books and upload photos')
  const mixed = await measureMixed({
    serverUrl: server.url,
    readPaths: [`/api/books/${database.bookId}?depth=0`, `/api/books?${CATALOGUE_QUERY}`],
    templateId: database.bookId,
    customer: { email: SEED_CUSTOMER_EMAIL, password: SEED_CUSTOMER_PASSWORD },
    durations,
    customerPerSecond: 2.5,
    say,
  })
  const peakRssMb = sampler.overallPeakMb

  console.log('')
  console.log(renderTable(reports))
  console.log(`\npeak RSS of the CMS process tree: ${peakRssMb} MB`)
  console.log(`catalogue list query uses an index scan: ${database.plan.usesIndexScan ? 'yes' : 'no'}`)
  const baseline = reports.find((r) => r.target === null)
  if (baseline?.failures.length) console.log(`WARNING baseline unreliable: ${baseline.failures.join('; ')}`)
  for (const line of renderFailures(reports)) console.log(line)
  console.log(`\n${renderMixed(mixed)}`)
  console.log('')

  writeResults({
    date: startedAt.toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    loadAverageAtStart,
    durations,
    database: { name: BENCH_DATABASE, kept: process.env.BENCH_KEEP_DB === '1', counts: database.counts },
    server: { NODE_ENV: 'production', passedThrough: passedThroughSettings() },
    scenarios: reports,
    mixed,
    peakRssMb,
    catalogueListPlan: database.plan,
    allTargetsPass: reports.every((r) => r.pass !== false) && mixed.pass,
  })
}

let exitCode = 0
try {
  await main()
} catch (err) {
  console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
  exitCode = 1
} finally {
  await cleanUp()
}
// autocannon and pg can leave idle handles behind; the run is over
process.exit(exitCode)
