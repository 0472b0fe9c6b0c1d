import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

import { stopChild, TSX_ARGS } from '../../src/lib/processes'

export const ROOT = path.resolve(import.meta.dirname, '../..')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export async function waitFor(url: string, timeoutMs: number, child?: ChildProcess, output?: () => string) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`process exited early:\n${output?.() ?? ''}`)
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms\n${output?.() ?? ''}`)
}

export type RunningCms = { url: string; port: number; stop: () => Promise<void>; output: () => string }

/**
 * Starts the built CMS (src/server.ts, production mode) against `databaseUrl` on a free port.
 * Rate limits are relaxed unless the test sets its own.
 */
export async function startCms(options: { databaseUrl: string; env?: Record<string, string> }): Promise<RunningCms> {
  const port = await freePort()
  let log = ''
  const child = spawn(process.execPath, [...TSX_ARGS, 'src/server.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      CMS_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: options.databaseUrl,
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT_PER_IP: '10000',
      LOGIN_RATE_LIMIT_PER_EMAIL_AND_IP: '10000',
      LOGIN_RATE_LIMIT_PER_EMAIL: '10000',
      SIGNUP_RATE_LIMIT_PER_IP: '10000',
      PERSONALIZE_RATE_LIMIT_PER_USER: '10000',
      PERSONALIZE_RATE_LIMIT_PER_IP: '10000',
      UPLOAD_RATE_LIMIT_PER_USER: '10000',
      INTERNAL_API_SECRET: 'test-internal-secret',
      MEDIA_DIR: process.env.MEDIA_DIR ?? 'media',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000)
  }
  child.stdout!.on('data', append)
  child.stderr!.on('data', append)
  const url = `http://127.0.0.1:${port}`
  try {
    await waitFor(`${url}/api/health`, 60_000, child, () => log)
  } catch (err) {
    await stopChild(child, 2_000)
    throw err
  }
  return { url, port, output: () => log, stop: () => stopChild(child, 5_000) }
}
