import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { jobsPlugin, runWorker, type JobsWorker } from '@memory-maker/payload-jobs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { postgresAdapter } from '@payloadcms/db-postgres'
import pg from 'pg'
import { buildConfig, createLocalReq, getPayload, type Payload } from 'payload'

import { emailPlugin, EMAIL_QUEUE, queueEmail } from '../src'

/**
 * The email plugin (with the jobs plugin it builds on) on a config that is not the project's:
 * its own throw-away database, a bare users collection, a loopback stand-in for Resend that
 * keeps Resend's promise for an idempotency key (the same message is delivered once).
 */
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const database = `email_plugin_${randomBytes(4).toString('hex')}`
const databaseUrl = (() => {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${database}`
  return url.toString()
})()

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

type Request = { key: string | undefined; to: unknown; subject: unknown }
const requests: Request[] = []
/** Messages the stand-in delivered: one per idempotency key, as Resend does. */
const delivered = new Map<string, Request>()
let resend: http.Server
let payload: Payload
let worker: JobsWorker

beforeAll(async () => {
  resend = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as { to?: unknown; subject?: unknown }
      const request = {
        key: req.headers['idempotency-key'] as string | undefined,
        to: body.to,
        subject: body.subject,
      }
      requests.push(request)
      if (request.key && !delivered.has(request.key)) delivered.set(request.key, request)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ id: `email_${request.key}` }))
    })
  })
  await new Promise<void>((resolve) => resend.listen(0, '127.0.0.1', resolve))
  await admin(`create database "${database}"`)
  const config = buildConfig({
    secret: 'a-secret-for-the-portability-test',
    db: postgresAdapter({ pool: { connectionString: databaseUrl }, push: true }),
    collections: [{ slug: 'users', auth: true, fields: [] }],
    plugins: [
      jobsPlugin(),
      emailPlugin({
        from: 'Shop <shop@example.com>',
        apiKey: 're_test_key',
        baseUrl: `http://127.0.0.1:${(resend.address() as AddressInfo).port}`,
      }),
    ],
    telemetry: false,
  })
  payload = await getPayload({ config })
}, 120_000)

afterAll(async () => {
  await worker?.stop()
  const pool = (
    payload?.db as unknown as { pool?: { on: (event: 'error', fn: () => void) => void } } | undefined
  )?.pool
  pool?.on('error', () => undefined)
  await payload?.destroy()
  await admin(`drop database if exists "${database}" with (force)`)
  await new Promise((resolve) => resend?.close(resolve))
}, 60_000)

async function waitUntil(what: string, probe: () => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('@memory-maker/payload-email on a foreign config', () => {
  it('delivers an email queued twice with one key once, with that key on every request', async () => {
    const message = { to: 'casey@example.com', subject: 'Your order', html: '<p>Thanks</p>', text: 'Thanks' }
    const first = await queueEmail(await createLocalReq({}, payload), {
      ...message,
      idempotencyKey: 'order/42',
    })
    const second = await queueEmail(await createLocalReq({}, payload), {
      ...message,
      idempotencyKey: 'order/42',
    })
    expect([first.queue, second.queue]).toEqual([EMAIL_QUEUE, EMAIL_QUEUE])
    worker = await runWorker(payload, { databaseUrl, pollMs: 500 })
    await waitUntil('both jobs were sent', () => requests.filter((r) => r.key === 'order/42').length === 2)
    expect(requests.filter((r) => r.key === 'order/42').map((r) => r.key)).toEqual(['order/42', 'order/42'])
    expect([...delivered.values()].filter((r) => r.key === 'order/42')).toEqual([
      { key: 'order/42', to: 'casey@example.com', subject: 'Your order' },
    ])
  })

  it("queues Payload's own mail through the same task and queue", async () => {
    await payload.sendEmail({ to: 'reset@example.com', subject: 'Reset your password', html: '<p>Reset</p>' })
    await waitUntil('the reset mail was sent', () =>
      requests.some((r) => r.subject === 'Reset your password'),
    )
    const request = requests.find((r) => r.subject === 'Reset your password')!
    expect(request.to).toBe('reset@example.com')
    // one key per message, so retries of this job are the same message
    expect(request.key).toMatch(/^payload\/Reset your password\/reset@example\.com\/\d+$/)
  })
})
