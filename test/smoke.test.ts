import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { freePort, spawnLogged, stopChild, waitForHttp, type LoggedChild } from '../src/lib/processes'
import { ROOT } from './helpers/cms'

/**
 * What a new user gets from `npm start` with no configuration: an embedded Postgres, migrations,
 * the seed, the CMS serving the seeded templates over HTTP; and a clean stop on SIGTERM.
 */
let started: LoggedChild
let baseUrl: string
let pgPort: number
let dataDir: string

const portIsOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'smm-smoke-'))
  const port = await freePort()
  pgPort = await freePort()
  baseUrl = `http://127.0.0.1:${port}`
  const spawnStart = () =>
    spawnLogged('src/scripts/start.ts', {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        EMBEDDED_POSTGRES_PORT: String(pgPort),
        DATA_DIR: dataDir,
        MEDIA_DIR: path.join(dataDir, 'media'),
        LOG_LEVEL: 'warn',
      } as unknown as NodeJS.ProcessEnv,
      tailChars: 30_000,
    })
  started = await waitForHttp(`${baseUrl}/api/health`, 240_000, spawnStart(), spawnStart)
}, 300_000)

afterAll(async () => {
  if (started) await stopChild(started.child, 30_000)
  rmSync(dataDir, { recursive: true, force: true })
}, 60_000)

describe('npm start with no configuration', () => {
  it('serves the seeded published templates to an anonymous visitor', async () => {
    const res = await fetch(`${baseUrl}/api/books?where[kind][equals]=template&depth=0`)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.totalDocs).toBeGreaterThanOrEqual(3)
    expect(body.docs.map((b: { slug: string }) => b.slug)).toEqual(
      expect.arrayContaining(['baby-first-year', 'grandparent-life-story', 'our-wedding-story']),
    )
  })

  it('serves the admin and prints its URLs and the defaults in force', async () => {
    const admin = await fetch(`${baseUrl}/admin/login`)
    expect(admin.status).toBe(200)
    expect(await admin.text()).toContain('<html')
    expect(started.output()).toContain(`${baseUrl.replace('127.0.0.1', 'localhost')}/admin`)
    expect(started.output()).toMatch(/DATABASE_URL not set: embedded Postgres/)
    expect(started.output()).toMatch(/REDIS_URL not set/)
  })

  it('uses the embedded Postgres, and stops everything cleanly on SIGTERM', async () => {
    expect(await portIsOpen(pgPort)).toBe(true)
    const exited = new Promise<number | null>((resolve) =>
      started.child.once('exit', (code) => resolve(code)),
    )
    started.child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(await portIsOpen(pgPort)).toBe(false)
    await expect(fetch(`${baseUrl}/api/health`)).rejects.toThrow()
  }, 60_000)
})
