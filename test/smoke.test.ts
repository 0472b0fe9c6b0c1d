import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { outboxFile } from '@memory-maker/payload-email'

import {
  freePort,
  spawnLogged,
  stopChild,
  waitForCondition,
  waitForHttp,
  type LoggedChild,
} from '../src/lib/processes'
import { ROOT } from './helpers/cms'
import { SEED } from './helpers/constants'
import { answersFor, photoForm } from './helpers/fixtures'

/**
 * What a new user gets from `npm start` with no configuration: an embedded Postgres, migrations,
 * the seed, the CMS serving the seeded templates over HTTP, the offline writer, the Stripe
 * emulator and the outbox standing in for the paid services; and a clean stop on SIGTERM.
 */
let started: LoggedChild
let baseUrl: string
let pgPort: number
let dataDir: string
let emulatorPort: number
let storefrontPort: number

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
  emulatorPort = await freePort()
  storefrontPort = await freePort()
  baseUrl = `http://127.0.0.1:${port}`
  const spawnStart = () =>
    spawnLogged('src/scripts/start.ts', {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        EMBEDDED_POSTGRES_PORT: String(pgPort),
        STRIPE_EMULATOR_PORT: String(emulatorPort),
        STOREFRONT_PORT: String(storefrontPort),
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

  it('serves the storefront: featured books on the home page, a template page, a 404', async () => {
    const storefront = `http://127.0.0.1:${storefrontPort}`
    await waitForCondition(
      'the storefront to answer',
      () =>
        fetch(`${storefront}/templates`).then(
          (r) => r.ok,
          () => false,
        ),
      120_000,
      () => started.output(),
    )
    const home = await fetch(storefront)
    expect(home.status).toBe(200)
    expect(await home.text()).toContain('Featured books')
    const catalogue = await (await fetch(`${storefront}/templates`)).text()
    expect(catalogue).toContain('First Year')
    expect(catalogue).toContain('/templates/baby-first-year')
    const template = await fetch(`${storefront}/templates/baby-first-year`)
    expect(template.status).toBe(200)
    expect(await template.text()).toContain('A look inside')
    expect((await fetch(`${storefront}/templates/no-such-book`)).status).toBe(404)

    // an editor renames the template: the storefront shows it within seconds, without a rebuild
    const login = await fetch(`${baseUrl}/api/users/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: SEED.editor.email, password: SEED.editor.password }),
    })
    const { token } = (await login.json()) as { token: string }
    const { docs } = await (
      await fetch(`${baseUrl}/api/books?where[slug][equals]=our-wedding-story&depth=0`)
    ).json()
    const renamed = await fetch(`${baseUrl}/api/books/${docs[0].id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
      body: JSON.stringify({ title: 'Our Wedding, Renamed' }),
    })
    expect(renamed.status).toBe(200)
    const seenAfter = Date.now()
    await waitForCondition(
      'the storefront to show the new title',
      async () =>
        (await (await fetch(`${storefront}/templates/our-wedding-story`)).text()).includes(
          'Our Wedding, Renamed',
        ),
      10_000,
      () => started.output(),
    )
    expect(Date.now() - seenAfter).toBeLessThan(10_000)
    expect(await (await fetch(`${storefront}/templates`)).text()).toContain('Our Wedding, Renamed')

    // only the CMS, with the shared secret, may make the storefront's cache stale
    const unsigned = await fetch(`${storefront}/api/revalidate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tags: ['catalogue'] }),
    })
    expect(unsigned.status).toBe(401)
  })

  it('serves the admin and prints its URLs and the defaults in force', async () => {
    const admin = await fetch(`${baseUrl}/admin/login`)
    expect(admin.status).toBe(200)
    expect(await admin.text()).toContain('<html')
    expect(started.output()).toContain(`${baseUrl.replace('127.0.0.1', 'localhost')}/admin`)
    expect(started.output()).toMatch(/DATABASE_URL not set: embedded Postgres/)
    expect(started.output()).toMatch(/REDIS_URL not set/)
  })

  it('lets a customer write a book, order it, pay on the Stripe emulator and get the confirmation', async () => {
    const api = async (method: string, route: string, token?: string, body?: unknown, form?: FormData) => {
      const res = await fetch(`${baseUrl}${route}`, {
        method,
        headers: {
          ...(token ? { authorization: `JWT ${token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
      })
      return { status: res.status, body: await res.json() }
    }
    const token = (
      await api('POST', '/api/users/login', undefined, {
        email: SEED.customer.email,
        password: SEED.customer.password,
      })
    ).body.token
    const template = (await api('GET', '/api/books?where[slug][equals]=baby-first-year&depth=0')).body.docs[0]
    const photo = (await api('POST', '/api/media', token, undefined, photoForm())).body.doc.id
    const book = (
      await api('POST', '/api/books/personalize', token, {
        template: template.id,
        answers: answersFor(template, { photo }),
      })
    ).body.doc
    expect((await api('POST', `/api/books/${book.id}/generate`, token)).status).toBe(202)
    await waitForCondition(
      'the offline writer to finish the book',
      async () => (await api('GET', `/api/books/${book.id}/generation`, token)).body.status === 'ready',
      60_000,
      () => started.output(),
    )
    const checkout = await api('POST', '/api/checkout', token, {
      items: [{ book: book.id, format: 'hardcover', quantity: 1 }],
    })
    expect(checkout.status).toBe(200)
    expect(checkout.body.url).toContain(`127.0.0.1:${emulatorPort}/pay/`)
    const page = await fetch(checkout.body.url)
    expect(await page.text()).toContain('Pay')
    const pay = await fetch(`${checkout.body.url}/pay`, { method: 'POST', redirect: 'manual' })
    expect(pay.status).toBe(303)
    await waitForCondition(
      'the order to turn paid',
      async () => (await api('GET', `/api/orders/${checkout.body.orderId}`, token)).body.status === 'paid',
      60_000,
      () => started.output(),
    )
    await waitForCondition(
      'the confirmation in the outbox',
      () =>
        existsSync(outboxFile(path.join(dataDir, 'outbox'), `order-confirmation/${checkout.body.orderId}`)),
      60_000,
      () => started.output(),
    )
    expect(started.output()).toContain(`local emulator at http://127.0.0.1:${emulatorPort}`)
  }, 180_000)

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
