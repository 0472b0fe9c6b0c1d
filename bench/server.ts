import path from 'node:path'

import { freePort, spawnLogged, stopChild, waitForHttp } from '../src/lib/processes'
import { commandLine, processTree } from './processTree'

export const ROOT = path.resolve(import.meta.dirname, '..')

/**
 * Settings a person running the benchmark may pass through to the server (e.g. REDIS_URL to
 * measure the shared cache, PUBLIC_CACHE_TTL_SECONDS=0 to measure Payload without it). Everything
 * else comes from a clean environment, so a stray APP_ENV or DATABASE_URL in the shell cannot
 * change what is measured.
 */
const PASS_THROUGH = ['REDIS_URL', 'PUBLIC_CACHE_TTL_SECONDS', 'DATABASE_POOL_MAX'] as const

/** PATH/HOME/TMPDIR plus the pass-through settings that are set. */
export function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of ['PATH', 'HOME', 'TMPDIR', ...PASS_THROUGH]) {
    const value = process.env[name]
    if (value) env[name] = value
  }
  return env
}

export function passedThroughSettings(): Record<string, string> {
  return Object.fromEntries(
    PASS_THROUGH.filter((name) => process.env[name]).map((name) => [name, process.env[name]!]),
  )
}

export type BenchServer = {
  url: string
  /** pid of the spawned tsx process; the server itself is one of its descendants */
  pid: number
  output: () => string
  stop: () => Promise<void>
}

/** Starts the built CMS in production mode on a free port and waits until /api/health answers. */
export async function startServer(options: {
  databaseUrl: string
  mediaDir: string
  /** what a scenario needs besides the fixed environment (e.g. the Stripe stand-in's address) */
  env?: Record<string, string>
}): Promise<BenchServer> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const spawnServer = () =>
    spawnLogged('src/server.ts', {
      cwd: ROOT,
      env: {
        ...baseEnv(),
        NODE_ENV: 'production',
        PORT: String(port),
        CMS_URL: url,
        DATABASE_URL: options.databaseUrl,
        LOG_LEVEL: 'warn',
        NEXT_TELEMETRY_DISABLED: '1',
        MEDIA_DIR: options.mediaDir,
        // the login scenario signs one account in from one IP, many at once: measured, not throttled
        LOGIN_RATE_LIMIT_PER_IP: '1000000',
        LOGIN_RATE_LIMIT_PER_EMAIL_AND_IP: '1000000',
        LOGIN_RATE_LIMIT_PER_EMAIL: '1000000',
        // the mixed scenario's customers make books and upload photos for a while: measured, not throttled
        PERSONALIZE_RATE_LIMIT_PER_USER: '1000000',
        PERSONALIZE_RATE_LIMIT_PER_IP: '1000000',
        UPLOAD_RATE_LIMIT_PER_USER: '1000000',
        ...options.env,
      } as NodeJS.ProcessEnv,
    })
  let started = spawnServer()

  /**
   * SIGTERM (tsx forwards it to the server), SIGKILL after 5 s. A SIGKILLed tsx cannot forward
   * anything, so descendants still alive afterwards are killed by pid, but only while their
   * command line is still the one recorded (so a reused pid is never hit).
   */
  const stop = async () => {
    const { child } = started
    const pid = child.pid ?? -1
    const descendants = processTree(pid)
      .filter((p) => p !== pid)
      .map((p) => ({ pid: p, cmdline: commandLine(p) }))
    await stopChild(child, 5_000)
    for (const { pid: leftover, cmdline } of descendants) {
      if (cmdline && commandLine(leftover) === cmdline) {
        try {
          process.kill(leftover, 'SIGKILL')
        } catch {
          // already gone
        }
      }
    }
  }

  try {
    // a production start on a busy 2-core machine can take a while
    started = await waitForHttp(`${url}/api/health`, 120_000, started, spawnServer)
  } catch (err) {
    await stop()
    throw err
  }
  if (started.child.pid === undefined) throw new Error('could not spawn the CMS server')
  return { url, pid: started.child.pid, output: started.output, stop }
}
