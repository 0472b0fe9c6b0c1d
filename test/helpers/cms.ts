import path from 'node:path'

import { freePort, spawnLogged, stopChild, waitForHttp } from '../../src/lib/processes'

export const ROOT = path.resolve(import.meta.dirname, '../..')

export type RunningCms = { url: string; port: number; stop: () => Promise<void>; output: () => string }

/**
 * Starts the built CMS (src/server.ts, production mode) against `databaseUrl` on a free port.
 * Rate limits are relaxed unless the test sets its own.
 */
export async function startCms(options: {
  databaseUrl: string
  env?: Record<string, string>
}): Promise<RunningCms> {
  const port = await freePort()
  const spawnServer = () =>
    spawnLogged('src/server.ts', {
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
        AI_RATE_LIMIT_PER_USER: '10000',
        CHECKOUT_RATE_LIMIT_PER_USER: '10000',
        INTERNAL_API_SECRET: 'test-internal-secret',
        MEDIA_DIR: process.env.MEDIA_DIR ?? 'media',
        ...options.env,
      },
    })
  const url = `http://127.0.0.1:${port}`
  let started = spawnServer()
  try {
    started = await waitForHttp(`${url}/api/health`, 60_000, started, spawnServer)
  } catch (err) {
    await stopChild(started.child, 2_000)
    throw err
  }
  return { url, port, output: started.output, stop: () => stopChild(started.child, 5_000) }
}
