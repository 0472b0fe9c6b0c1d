import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'

import { runStep, spawnLogged, stopChild, untilReady } from '../src/lib/processes'
import { startOpenAiStandIn } from '../test/helpers/openaiStandIn'
import { dropDatabase, recreateDatabase } from './database'
import { baseEnv, ROOT, startServer } from './server'

/**
 * ai-pages benchmark (part of `npm run bench`): a 24-page book written by one worker through the
 * OpenAI SDK against a loopback stand-in that answers each call in 500 ms, on the ai-pages queue
 * capped at 4. Ideal: 6 rounds × 0.5 s = 3 s. Measured from the generate call to the last page
 * stored (the pages' generatedAt, stamped by the database); the median of BENCH_AI_ROUNDS books
 * after one warm-up book. Target: within 1.25× of the ideal.
 */
const DATABASE = 'smm_bench_ai_pages'
const PAGES = 24
const CAP = 4
const CALL_MS = 500
const ROUNDS = Number(process.env.BENCH_AI_ROUNDS ?? 5)
const IDEAL_MS = Math.ceil(PAGES / CAP) * CALL_MS
const TARGET = 1.25

const say = (message: string) => console.log(`[bench:ai-pages] ${message}`)

async function main() {
  const url = await recreateDatabase(DATABASE)
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'smm-bench-ai-'))
  const mediaDir = path.join(dataDir, 'media')
  const env = {
    ...baseEnv(),
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    MEDIA_DIR: mediaDir,
    LOG_LEVEL: 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
  } as unknown as NodeJS.ProcessEnv
  runStep('migrate', 'src/scripts/migrate.ts', { cwd: ROOT, env, inherit: true })
  runStep('seed', 'src/scripts/seed.ts', { cwd: ROOT, env, inherit: true })
  const standIn = await startOpenAiStandIn()
  standIn.plan(() => ({ kind: 'page', delayMs: CALL_MS }))
  const server = await startServer({ databaseUrl: url, mediaDir })
  const workerEnv = {
    ...env,
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: standIn.baseUrl,
    WORKER_QUEUE_CONCURRENCY: `ai-pages=${CAP}`,
    WORKER_CONCURRENCY: String(CAP),
    LOG_LEVEL: 'info',
  } as unknown as NodeJS.ProcessEnv
  const spawnWorker = () => spawnLogged('src/scripts/worker.ts', { cwd: ROOT, env: workerEnv })
  const worker = await untilReady(
    spawnWorker(),
    spawnWorker,
    (w) => w.output().includes('jobs worker started'),
    'the worker to start',
    60_000,
  )
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  try {
    const rest = async (method: string, route: string, token: string | undefined, body?: unknown) => {
      const res = await fetch(`${server.url}${route}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `JWT ${token}` } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const json = await res.json()
      if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`)
      return json
    }
    const login = async (email: string, password: string) =>
      (await rest('POST', '/api/users/login', undefined, { email, password })).token as string
    const editor = await login('editor@example.com', 'editor-dev-password')
    const customer = await login('customer@example.com', 'customer-dev-password')
    const template = await rest('POST', '/api/books', editor, {
      title: 'A long year',
      kind: 'template',
      _status: 'published',
      questions: [{ key: 'name', label: 'Whose year?', type: 'text', required: true }],
      blueprints: Array.from({ length: PAGES }, (_, n) => ({
        title: `Month ${n + 1}`,
        layout: 'text-only',
        prompt: `Write about month ${n + 1} of {{name}}'s year.`,
      })),
    })

    const writeOneBook = async () => {
      const book = (
        await rest('POST', '/api/books/personalize', customer, {
          template: template.doc.id,
          answers: { name: 'Robin' },
        })
      ).doc
      const started = Date.now()
      await rest('POST', `/api/books/${book.id}/generate`, customer)
      const deadline = started + 60_000
      for (;;) {
        const { rows } = await db.query(
          `select count(*) filter (where generation_status = 'done')::int as done,
                  extract(epoch from max(generation_generated_at)) * 1000 as last
           from pages where book_id = $1`,
          [book.id],
        )
        if (rows[0].done === PAGES) return Number(rows[0].last) - started
        if (Date.now() > deadline)
          throw new Error(`book ${book.id}: ${rows[0].done} of ${PAGES} pages after 60 s\n${worker.output()}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }

    say(`warm-up book: ${await writeOneBook()} ms`)
    const durations: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      standIn.reset()
      const ms = await writeOneBook()
      durations.push(ms)
      say(
        `book ${round + 1}: ${ms} ms, ${standIn.received.length} calls, at most ${standIn.maxInFlight()} at once`,
      )
    }
    const median = [...durations].sort((a, b) => a - b)[Math.floor(durations.length / 2)]
    const ratio = median / IDEAL_MS
    say(
      `${PAGES} pages, cap ${CAP}, ${CALL_MS} ms per call: median ${median} ms = ${ratio.toFixed(2)}× the ideal ${IDEAL_MS} ms (target ≤ ${TARGET}×) ${ratio <= TARGET ? 'PASS' : 'MISS'}`,
    )
  } finally {
    await db.end()
    await stopChild(worker.child, 10_000)
    await server.stop()
    await standIn.close()
    await dropDatabase(DATABASE)
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
