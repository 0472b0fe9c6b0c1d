import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'
import Stripe from 'stripe'

import { startStripeEmulator } from '@memory-maker/payload-stripe-checkout/emulator'

import { runStep } from '../src/lib/processes'
import { answersFor, photoForm } from '../test/helpers/fixtures'
import { dropDatabase, recreateDatabase } from './database'
import { measureScenario, type Durations, type RequestShape } from './load'
import { judge, renderFailures, renderTable, type ScenarioReport, type Target } from './report'
import { baseEnv, ROOT, startServer } from './server'

/**
 * stripe-checkout benchmark (part of `npm run bench`), against the built CMS:
 * - the webhook with real state-changing events: `checkout.session.completed` for distinct pending
 *   orders made before the run, each a new event id, freshly signed; target ≥ 0.3× the baseline
 *   (`GET /api/health`) at 50 connections, p99 ≤ 50 ms at 10; afterwards every paid order must have
 *   exactly one paid transition and one queued confirmation email;
 * - checkout creation with the Stripe stand-in answering in 50 ms: target ≥ 100 checkouts/s.
 */
const DATABASE = 'smm_bench_checkout'
const ORDERS = Number(process.env.BENCH_CHECKOUT_ORDERS ?? 40_000)
const say = (message: string) => console.log(`[bench:checkout] ${message}`)

async function main() {
  const durations: Durations = {
    runSeconds: Number(process.env.BENCH_DURATION_SECONDS ?? 10),
    warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 3),
  }
  const url = await recreateDatabase(DATABASE)
  const mediaDir = mkdtempSync(path.join(os.tmpdir(), 'smm-bench-checkout-'))
  const env = {
    ...baseEnv(),
    DATABASE_URL: url,
    MEDIA_DIR: mediaDir,
    LOG_LEVEL: 'warn',
  } as unknown as NodeJS.ProcessEnv
  runStep('migrate', 'src/scripts/migrate.ts', { cwd: ROOT, env, inherit: true })
  runStep('seed', 'src/scripts/seed.ts', { cwd: ROOT, env, inherit: true })
  const emulator = await startStripeEmulator({ webhookUrl: 'http://127.0.0.1:9/not-used', retryDelaysMs: [] })
  const server = await startServer({
    databaseUrl: url,
    mediaDir,
    env: {
      STRIPE_SECRET_KEY: emulator.secretKey,
      STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
      STRIPE_API_BASE: emulator.url,
      CHECKOUT_RATE_LIMIT_PER_USER: '1000000',
    },
  })
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  try {
    const customer = (await db.query(`select id from users where email = 'customer@example.com'`)).rows[0].id
    const { rows: ids } = await db.query<{ id: number }>(
      `insert into orders (order_number, customer_id, email, status, currency, subtotal, total, stripe_idempotency_key, updated_at, created_at)
       select 'BENCH-' || g, $1, 'customer@example.com', 'pending', 'usd', 1900, 1900, 'bench/' || g, now(), now()
       from generate_series(1, $2::int) g returning id`,
      [customer, ORDERS],
    )
    await db.query('analyze orders')
    say(`${ids.length} pending orders made`)

    const signer = new Stripe('sk_test_signer')
    let next = 0
    const webhook: RequestShape = {
      method: 'POST',
      next: () => {
        const order = ids[next++]
        if (!order) throw new Error(`more than ${ORDERS} webhook requests: raise BENCH_CHECKOUT_ORDERS`)
        const payload = JSON.stringify({
          id: `evt_bench_${order.id}`,
          object: 'event',
          type: 'checkout.session.completed',
          created: Math.floor(Date.now() / 1000),
          data: {
            object: {
              id: `cs_bench_${order.id}`,
              object: 'checkout.session',
              status: 'complete',
              payment_status: 'paid',
              amount_total: 1900,
              currency: 'usd',
              client_reference_id: String(order.id),
              metadata: { orderId: String(order.id) },
              payment_intent: `pi_bench_${order.id}`,
            },
          },
        })
        const signature = signer.webhooks.generateTestHeaderString({
          payload,
          secret: emulator.webhookSecret,
        })
        return {
          body: payload,
          headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        }
      },
    }

    const login = await fetch(`${server.url}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'customer@example.com', password: 'customer-dev-password' }),
    })
    const token = ((await login.json()) as { token: string }).token
    const template = (
      (await (await fetch(`${server.url}/api/books?where[slug][equals]=baby-first-year&depth=0`)).json()) as {
        docs: Array<{ id: number; questions: Parameters<typeof answersFor>[0]['questions'] }>
      }
    ).docs[0]
    const upload = await fetch(`${server.url}/api/media`, {
      method: 'POST',
      headers: { authorization: `JWT ${token}` },
      body: photoForm(),
    })
    const photo = ((await upload.json()) as { doc: { id: number } }).doc.id
    const personalised = await fetch(`${server.url}/api/books/personalize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
      body: JSON.stringify({ template: template.id, answers: answersFor(template, { photo }) }),
    })
    const book = ((await personalised.json()) as { doc?: { id: number }; errors?: unknown }).doc
    if (!book) throw new Error(`personalise failed: ${personalised.status}`)
    await db.query(`update books set status = 'ready' where id = $1`, [book.id])
    const checkout: RequestShape = {
      method: 'POST',
      body: JSON.stringify({ items: [{ book: book.id, format: 'pdf', quantity: 1 }] }),
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
    }

    const scenarios: Array<{
      name: string
      path: string
      request?: RequestShape
      target: Target | null
      setup?: () => void
    }> = [
      { name: 'baseline /api/health', path: '/api/health', target: null },
      {
        name: 'webhook: paid events',
        path: '/api/stripe/webhook',
        request: webhook,
        target: { minRatio: 0.3, maxP99Ms: 50 },
      },
      {
        name: 'checkout (Stripe 50 ms)',
        path: '/api/checkout',
        request: checkout,
        target: null,
        setup: () => emulator.setLatency(50),
      },
    ]
    const reports: ScenarioReport[] = []
    let baseline: number | null = null
    for (const scenario of scenarios) {
      scenario.setup?.()
      say(`scenario "${scenario.name}"`)
      const measured = await measureScenario(
        `${server.url}${scenario.path}`,
        durations,
        (phase) => say(`  ${phase}`),
        scenario.request,
      )
      const report = judge(
        scenario.name,
        scenario.path,
        { ...measured, peakRssMb: 0 },
        baseline,
        scenario.target,
      )
      if (scenario.target === null && baseline === null) baseline = measured.throughput.reqPerSec
      reports.push(report)
    }

    // exactly once, whatever the load: one paid transition and one queued email per paid order
    const [{ paid, transitions, emails, doubled }] = (
      await db.query(`
        select (select count(*)::int from orders where order_number like 'BENCH-%' and status = 'paid') as paid,
               (select count(*)::int from order_events e join orders o on o.id = e.order_id
                 where o.order_number like 'BENCH-%' and e.type = 'paid') as transitions,
               (select count(*)::int from payload_jobs where task_slug = 'send-email'
                 and input->>'idempotencyKey' like 'order-confirmation/%') as emails,
               (select count(*)::int from (select e.order_id from order_events e where e.type = 'paid'
                 group by e.order_id having count(*) > 1) d) as doubled`)
    ).rows
    const checkouts = reports[2].throughput.reqPerSec

    console.log('')
    console.log(renderTable(reports))
    for (const line of renderFailures(reports)) console.log(line)
    console.log(
      `\nwebhook: ${next} events sent, ${paid} orders paid, ${transitions} paid transitions, ${emails} confirmation emails queued, ${doubled} orders paid twice: ${
        paid === next && transitions === paid && emails === paid && doubled === 0 ? 'PASS' : 'FAIL'
      }`,
    )
    console.log(
      `checkout with Stripe answering in 50 ms: ${checkouts} checkouts/s (target ≥ 100): ${checkouts >= 100 ? 'PASS' : 'MISS'}`,
    )
  } finally {
    await db.end()
    await server.stop()
    await emulator.close()
    await dropDatabase(DATABASE)
    rmSync(mediaDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
