import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { postgresAdapter } from '@payloadcms/db-postgres'
import pg from 'pg'
import {
  buildConfig,
  createLocalReq,
  getPayload,
  type Endpoint,
  type Payload,
  type PayloadRequest,
} from 'payload'
import Stripe from 'stripe'

import { emailPlugin, outboxFile } from '@memory-maker/payload-email'
import { jobsPlugin, runWorker, type JobsWorker } from '@memory-maker/payload-jobs'

import { checkoutPlugin } from '../src'
import { startStripeEmulator, type StripeEmulator } from '../src/emulator'

/**
 * The plugin on a config that is not the project's: its own throw-away database (pushed), bare
 * users, books and orders with only the fields the plugin reads, the jobs and email plugins, the
 * local Stripe emulator. An order goes from checkout to paid, and its confirmation to the outbox.
 */
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const database = `checkout_plugin_${randomBytes(4).toString('hex')}`
const databaseUrl = (() => {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${database}`
  return url.toString()
})()
const outboxDir = mkdtempSync(path.join(os.tmpdir(), 'checkout-plugin-'))

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

let payload: Payload
let emulator: StripeEmulator
let worker: JobsWorker | undefined

beforeAll(async () => {
  await admin(`create database "${database}"`)
  emulator = await startStripeEmulator({ webhookUrl: 'http://127.0.0.1:9/not-used' })
  const config = buildConfig({
    secret: 'a-secret-for-the-portability-test',
    db: postgresAdapter({ pool: { connectionString: databaseUrl }, push: true }),
    collections: [
      { slug: 'users', auth: true, fields: [] },
      {
        slug: 'books',
        fields: [
          { name: 'title', type: 'text' },
          { name: 'slug', type: 'text' },
          { name: 'owner', type: 'relationship', relationTo: 'users' },
          { name: 'status', type: 'text' },
          { name: 'template', type: 'relationship', relationTo: 'books' },
          {
            name: 'prices',
            type: 'group',
            fields: [
              { name: 'currency', type: 'text' },
              { name: 'pdf', type: 'number' },
            ],
          },
        ],
      },
      {
        slug: 'orders',
        fields: [
          { name: 'orderNumber', type: 'text' },
          { name: 'customer', type: 'relationship', relationTo: 'users' },
          { name: 'email', type: 'email' },
          { name: 'status', type: 'text', defaultValue: 'pending' },
          {
            name: 'items',
            type: 'array',
            fields: [
              { name: 'book', type: 'relationship', relationTo: 'books' },
              { name: 'format', type: 'text' },
              { name: 'quantity', type: 'number' },
              { name: 'unitAmount', type: 'number' },
              { name: 'title', type: 'text' },
            ],
          },
          { name: 'currency', type: 'text' },
          { name: 'subtotal', type: 'number' },
          { name: 'total', type: 'number' },
          {
            name: 'stripe',
            type: 'group',
            fields: [
              { name: 'checkoutSessionId', type: 'text' },
              { name: 'paymentIntentId', type: 'text' },
              { name: 'idempotencyKey', type: 'text' },
            ],
          },
          { name: 'accessTokenHash', type: 'text' },
        ],
      },
    ],
    plugins: [
      jobsPlugin(),
      emailPlugin({ from: 'Shop <shop@example.com>', outboxDir }),
      checkoutPlugin({
        secretKey: emulator.secretKey,
        webhookSecret: emulator.webhookSecret,
        apiBase: emulator.url,
        storefrontUrl: 'http://shop.example',
        statusTokenSecret: 'a-status-token-secret-for-tests',
        formats: ['pdf'],
        shippedFormats: [],
      }),
    ],
    telemetry: false,
  })
  payload = await getPayload({ config })
}, 120_000)

afterAll(async () => {
  await worker?.stop()
  await emulator?.close()
  const pool = (
    payload?.db as unknown as { pool?: { on: (event: 'error', fn: () => void) => void } } | undefined
  )?.pool
  pool?.on('error', () => undefined)
  await payload?.destroy()
  await admin(`drop database if exists "${database}" with (force)`)
  rmSync(outboxDir, { recursive: true, force: true })
}, 60_000)

/** A request to one of the config's root endpoints, with a body and headers, as Payload's router makes. */
async function call(
  path: string,
  options: { user?: unknown; body: string; headers?: Record<string, string> },
) {
  const endpoint = (payload.config.endpoints || []).find((e: Endpoint) => e.path === path)
  if (!endpoint) throw new Error(`no endpoint ${path}`)
  const req = (await createLocalReq({ user: options.user as never }, payload)) as PayloadRequest
  req.text = async () => options.body
  req.headers = new Headers(options.headers)
  return endpoint.handler(req)
}

describe('@memory-maker/payload-stripe-checkout on a foreign config', () => {
  it('takes an order from checkout to paid against the emulator, with one confirmation email', async () => {
    const customer = await payload.create({
      collection: 'users',
      data: { email: 'customer@example.com', password: 'a-password-1' } as never,
    })
    const template = await payload.create({
      collection: 'books',
      data: { title: 'Trip', slug: 'trip', prices: { currency: 'eur', pdf: 1500 } } as never,
    })
    const book = await payload.create({
      collection: 'books',
      data: { title: 'Lisbon', owner: customer.id, status: 'ready', template: template.id } as never,
    })

    const user = { ...customer, collection: 'users' }
    const response = await call('/checkout', {
      user,
      body: JSON.stringify({ items: [{ book: book.id, format: 'pdf', quantity: 2, unitAmount: 1 }] }),
    })
    expect(response.status).toBe(200)
    const { orderId, url } = await response.json()
    const session = [...emulator.sessions.values()].find((s) => s.metadata?.orderId === String(orderId))!
    expect(session.amount_total).toBe(3000)
    expect(url).toBe(session.url)

    emulator.pay(session.id)
    const event = [...emulator.events.values()].find((e) => e.type === 'checkout.session.completed')!
    const body = JSON.stringify(event)
    const signature = new Stripe('x').webhooks.generateTestHeaderString({
      payload: body,
      secret: emulator.webhookSecret,
    })
    for (let delivery = 0; delivery < 2; delivery++) {
      const answer = await call('/stripe/webhook', { body, headers: { 'stripe-signature': signature } })
      expect(answer.status).toBe(200)
    }
    const order = await payload.findByID({ collection: 'orders', id: orderId, depth: 0 })
    expect((order as unknown as { status: string }).status).toBe('paid')
    const { docs: timeline } = await payload.find({
      collection: 'order-events' as 'orders',
      where: { order: { equals: orderId } } as never,
      sort: 'createdAt',
    })
    expect(timeline.map((row) => (row as unknown as { type: string }).type)).toEqual(['created', 'paid'])

    worker = await runWorker(payload, { databaseUrl, pollMs: 200, leaseMs: 5_000, shutdownGraceMs: 1_000 })
    const file = outboxFile(outboxDir, `order-confirmation/${orderId}`)
    const deadline = Date.now() + 30_000
    while (!existsSync(file) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100))
    expect(existsSync(file)).toBe(true)
  })
})
