import { existsSync, readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import Stripe from 'stripe'

import { outboxFile } from '@memory-maker/payload-email'
import { startStripeEmulator, type StripeEmulator } from '@memory-maker/payload-stripe-checkout/emulator'

import { stopChild } from '../src/lib/processes'
import { client, type Auth } from './helpers/api'
import { launchBrowser } from './helpers/browser'
import { startCms, type RunningCms } from './helpers/cms'
import { SEED } from './helpers/constants'
import { adminQuery } from './helpers/db'
import { answersFor, photoForm } from './helpers/fixtures'
import { signInShoppers } from './helpers/shoppers'
import { useJobsFixture } from './helpers/worker'

/**
 * stripe-checkout end to end: the CMS over HTTP, the local Stripe emulator (its hosted page, its
 * signed webhooks), the project's worker sending the emails into the outbox.
 */
const fixture = useJobsFixture('smm-checkout-')
let emulator: StripeEmulator
let cms: RunningCms
let api: ReturnType<typeof client>
let customer: Auth
let stranger: Auth
let editor: Auth
let template: any
let photoId: number
const signer = new Stripe('sk_test_signer')

beforeAll(async () => {
  emulator = await startStripeEmulator({
    webhookUrl: 'http://127.0.0.1:9/unset',
    retryDelaysMs: [300, 600, 1_200, 2_400, 4_800],
  })
  cms = await startCms({
    databaseUrl: fixture.databaseUrl,
    env: {
      DATA_DIR: fixture.dataDir,
      STRIPE_SECRET_KEY: emulator.secretKey,
      STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
      STRIPE_API_BASE: emulator.url,
      STOREFRONT_URL: 'http://shop.test',
    },
  })
  emulator.setWebhookUrl(`${cms.url}/api/stripe/webhook`)
  api = client(cms.url)
  ;({ customer, editor, stranger, template, photoId } = await signInShoppers(api))
  await startWorker()
}, 120_000)

afterAll(async () => {
  await cms?.stop()
  await emulator?.close()
})

async function startWorker(env: Record<string, string> = {}) {
  const worker = fixture.startWorker('worker', {
    WORKER_POLL_MS: '300',
    STRIPE_SECRET_KEY: emulator.secretKey,
    STRIPE_WEBHOOK_SECRET: emulator.webhookSecret,
    STRIPE_API_BASE: emulator.url,
    STOREFRONT_URL: 'http://shop.test',
    ...env,
  })
  await worker.started()
}

/** A ready book of the customer's (its pages' writing is ai-pages' business, not this suite's). */
async function readyBook(auth: Auth = customer) {
  const res = await api.rest('POST', '/api/books/personalize', {
    auth,
    body: { template: template.id, answers: answersFor(template, { photo: photoId }) },
  })
  if (res.status !== 201) {
    // the stranger has no photo of their own: answer only what is required, with a fresh upload
    const photo = (await api.rest('POST', '/api/media', { auth, form: photoForm() })).body.doc.id
    const again = await api.rest('POST', '/api/books/personalize', {
      auth,
      body: { template: template.id, answers: answersFor(template, { photo }) },
    })
    expect(again.status).toBe(201)
    await fixture.db.query(`update books set status = 'ready' where id = $1`, [again.body.doc.id])
    return again.body.doc.id as number
  }
  await fixture.db.query(`update books set status = 'ready' where id = $1`, [res.body.doc.id])
  return res.body.doc.id as number
}

async function checkout(items: unknown[], auth: Auth = customer) {
  return api.rest('POST', '/api/checkout', { auth, body: { items } })
}

const orderRow = async (id: number) =>
  (
    await fixture.db.query(
      `select status, total::int, flagged, refunded_amount::int as refunded, stripe_checkout_session_id as session,
              stripe_payment_intent_id as intent, tracking_number as tracking
       from orders where id = $1`,
      [id],
    )
  ).rows[0]

const timeline = async (id: number) =>
  (
    await fixture.db.query(
      `select type, from_status, to_status, actor from order_events where order_id = $1 order by id`,
      [id],
    )
  ).rows

const untilOrderIs = (id: number, status: string) =>
  fixture.waitUntil(`order ${id} to be ${status}`, async () =>
    (await orderRow(id))?.status === status ? true : undefined,
  )

const sessionOf = async (orderId: number) => emulator.sessions.get((await orderRow(orderId)).session)!

/** Posts `event` to the webhook as Stripe would, signed now (or at `timestamp`), or with `signature`. */
async function deliver(event: unknown, options: { timestamp?: number; signature?: string } = {}) {
  const payload = JSON.stringify(event)
  const signature =
    options.signature ??
    signer.webhooks.generateTestHeaderString({
      payload,
      secret: emulator.webhookSecret,
      timestamp: options.timestamp,
    })
  const res = await fetch(`${cms.url}/api/stripe/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  })
  return { status: res.status, body: await res.json().catch(() => null) }
}

let eventCount = 0
const stripeEvent = (type: string, object: unknown) => ({
  id: `evt_test_${Date.now()}_${++eventCount}`,
  object: 'event',
  type,
  created: Math.floor(Date.now() / 1000),
  data: { object },
})

const completedSession = (session: any, overrides: Record<string, unknown> = {}) => ({
  ...session,
  status: 'complete',
  payment_status: 'paid',
  payment_intent: `pi_test_${session.id}`,
  ...overrides,
})

const emailsFor = (key: string) => (existsSync(outboxFile(path.join(fixture.dataDir, 'outbox'), key)) ? 1 : 0)

describe('POST /api/checkout', () => {
  it('prices the order from the CMS, ignoring any price in the body, and opens a Checkout Session', async () => {
    const book = await readyBook()
    const res = await checkout([
      { book, format: 'hardcover', quantity: 2, unitAmount: 1, price: 1, total: 1 },
    ])
    expect(res.status).toBe(200)
    expect(Object.keys(res.body).sort()).toEqual(['orderId', 'orderNumber', 'url'])
    const order = await orderRow(res.body.orderId)
    expect(order).toMatchObject({ status: 'pending', total: template.prices.hardcover * 2 })
    const session = emulator.sessions.get(order.session)!
    expect(session.amount_total).toBe(template.prices.hardcover * 2)
    expect(session.metadata).toMatchObject({ orderId: String(res.body.orderId) })
    expect(session.client_reference_id).toBe(String(res.body.orderId))
    expect(session.shipping_address_collection).toBeTruthy()
    expect(session.success_url).toMatch(/^http:\/\/shop\.test\/orders\/\d+\?token=/)
    expect(res.body.url).toBe(session.url)
    const page = await fetch(res.body.url)
    expect(await page.text()).toContain('Pay')
    const { rows } = await fixture.db.query('select order_frozen from books where id = $1', [book])
    expect(rows[0].order_frozen).toBe(true)
    expect(await timeline(res.body.orderId)).toEqual([
      { type: 'created', from_status: null, to_status: 'pending', actor: 'customer' },
    ])
  })

  it('refuses bad items (400), a format without a price (400, named), another customer’s book (404) and an unready one (409)', async () => {
    const book = await readyBook()
    expect(
      (await api.rest('POST', '/api/checkout', { body: { items: [{ book, format: 'pdf' }] } })).status,
    ).toBe(401)
    expect((await checkout([])).status).toBe(400)
    expect((await checkout([{ book, format: 'scroll', quantity: 1 }])).status).toBe(400)
    expect((await checkout([{ book, format: 'pdf', quantity: 0 }])).status).toBe(400)
    expect((await checkout([{ book, format: 'pdf', quantity: 1.5 }])).status).toBe(400)

    await adminQuery(`select 1`) // the admin connection works (used below)
    await fixture.db.query(`update books set prices_pdf = null where id = $1`, [template.id])
    try {
      const noPrice = await checkout([{ book, format: 'pdf', quantity: 1 }])
      expect(noPrice.status).toBe(400)
      expect(noPrice.body.errors[0].message).toBe("Template 'baby-first-year' has no price for format 'pdf'.")
    } finally {
      await fixture.db.query(`update books set prices_pdf = $2 where id = $1`, [
        template.id,
        template.prices.pdf,
      ])
    }
    const strangers = await readyBook(stranger)
    expect((await checkout([{ book: strangers, format: 'pdf', quantity: 1 }])).status).toBe(404)
    await fixture.db.query(`update books set status = 'draft' where id = $1`, [book])
    expect((await checkout([{ book, format: 'pdf', quantity: 1 }])).status).toBe(409)
  })
})

describe('paying', () => {
  it('turns the order paid on the emulator’s "Pay", with one timeline row and one confirmation email', async () => {
    const book = await readyBook()
    const { orderId } = (await checkout([{ book, format: 'pdf', quantity: 1 }])).body
    const session = await sessionOf(orderId)
    const pay = await fetch(`${emulator.url}/pay/${session.id}/pay`, { method: 'POST', redirect: 'manual' })
    expect(pay.status).toBe(303)
    expect(pay.headers.get('location')).toContain(`/orders/${orderId}?token=`)
    await untilOrderIs(orderId, 'paid')
    const key = `order-confirmation/${orderId}`
    await fixture.waitUntil('the confirmation email in the outbox', () => emailsFor(key) === 1)
    const mail = JSON.parse(readFileSync(outboxFile(path.join(fixture.dataDir, 'outbox'), key), 'utf8'))
    expect(mail.text).toContain(`/orders/${orderId}?token=`)
    expect(mail.to).toBe(SEED.customer.email)
    expect((await timeline(orderId)).map((row: any) => row.type)).toEqual(['created', 'paid'])
    expect((await orderRow(orderId)).intent).toBe(emulator.sessions.get(session.id)!.payment_intent)
  })

  it('applies the same event delivered 10 times at once exactly once', async () => {
    const book = await readyBook()
    const { orderId } = (await checkout([{ book, format: 'softcover', quantity: 1 }])).body
    const event = stripeEvent('checkout.session.completed', completedSession(await sessionOf(orderId)))
    // the worker paused, so the queued emails can be counted before any is sent (and deleted)
    await stopChild(fixture.workers.get('worker')!.child, 10_000)
    try {
      const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(event)))
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200))
      expect(answers.filter((a) => a.body.duplicate).length).toBe(9)
      expect((await timeline(orderId)).filter((row: any) => row.type === 'paid')).toHaveLength(1)
      const { rows } = await fixture.db.query(
        `select count(*)::int as n from payload_jobs where task_slug = 'send-email' and input->>'idempotencyKey' = $1`,
        [`order-confirmation/${orderId}`],
      )
      expect(rows[0].n).toBe(1)
    } finally {
      await startWorker()
    }
    await fixture.waitUntil(
      'the confirmation email in the outbox',
      () => emailsFor(`order-confirmation/${orderId}`) === 1,
    )
  })

  it('ends in the right state whatever order the events come in', async () => {
    // expired after completed: stays paid
    const first = (await checkout([{ book: await readyBook(), format: 'pdf', quantity: 1 }])).body.orderId
    const session = await sessionOf(first)
    expect((await deliver(stripeEvent('checkout.session.completed', completedSession(session)))).status).toBe(
      200,
    )
    expect(
      (await deliver(stripeEvent('checkout.session.expired', { ...session, status: 'expired' }))).status,
    ).toBe(200)
    expect((await orderRow(first)).status).toBe('paid')

    // refund before completed: refunded, and nobody is thanked for a payment given back
    const second = (await checkout([{ book: await readyBook(), format: 'pdf', quantity: 1 }])).body.orderId
    const other = await sessionOf(second)
    const charge = {
      id: 'ch_test',
      object: 'charge',
      amount: other.amount_total,
      amount_refunded: other.amount_total,
      refunded: true,
      currency: 'usd',
      payment_intent: `pi_test_${other.id}`,
      metadata: { orderId: String(second) },
    }
    expect((await deliver(stripeEvent('charge.refunded', charge))).status).toBe(200)
    expect((await orderRow(second)).status).toBe('pending')
    expect((await deliver(stripeEvent('checkout.session.completed', completedSession(other)))).status).toBe(
      200,
    )
    expect((await orderRow(second)).status).toBe('refunded')
    expect(emailsFor(`order-confirmation/${second}`)).toBe(0)

    // an unpaid completed session (a bank debit on its way) stays pending, with a row saying so
    const third = (await checkout([{ book: await readyBook(), format: 'pdf', quantity: 1 }])).body.orderId
    const later = completedSession(await sessionOf(third), { payment_status: 'unpaid' })
    await deliver(stripeEvent('checkout.session.completed', later))
    expect((await orderRow(third)).status).toBe('pending')
    expect((await timeline(third)).map((r: any) => r.type)).toContain('awaiting_payment')
    await deliver(
      stripeEvent('checkout.session.async_payment_succeeded', { ...later, payment_status: 'paid' }),
    )
    expect((await orderRow(third)).status).toBe('paid')
  })

  it('ignores a session that is not the order’s, and flags a payment for a cancelled order', async () => {
    const orderId = (await checkout([{ book: await readyBook(), format: 'pdf', quantity: 1 }])).body.orderId
    const session = await sessionOf(orderId)
    await deliver(
      stripeEvent('checkout.session.completed', completedSession({ ...session, id: 'cs_someone_else' })),
    )
    expect(await orderRow(orderId)).toMatchObject({ status: 'pending', flagged: false })

    await deliver(stripeEvent('checkout.session.expired', { ...session, status: 'expired' }))
    expect((await orderRow(orderId)).status).toBe('cancelled')
    await deliver(stripeEvent('checkout.session.completed', completedSession(session)))
    expect(await orderRow(orderId)).toMatchObject({ status: 'cancelled', flagged: true })
    expect((await timeline(orderId)).map((r: any) => r.type)).toEqual(['created', 'cancelled', 'flagged'])
    expect(emailsFor(`order-confirmation/${orderId}`)).toBe(0)
  })

  it('flags an amount that disagrees with the order for staff, and never pays it', async () => {
    const orderId = (await checkout([{ book: await readyBook(), format: 'pdf', quantity: 1 }])).body.orderId
    const session = await sessionOf(orderId)
    await deliver(stripeEvent('checkout.session.completed', completedSession(session, { amount_total: 1 })))
    expect(await orderRow(orderId)).toMatchObject({ status: 'pending', flagged: true })
    expect((await timeline(orderId)).map((r: any) => r.type)).toEqual(['created', 'flagged'])
    expect(emailsFor(`order-confirmation/${orderId}`)).toBe(0)
  })

  it('refuses forged and stale signatures with 400, and ignores unknown events', async () => {
    const event = stripeEvent('checkout.session.completed', {})
    expect((await deliver(event, { signature: 't=1,v1=deadbeef' })).status).toBe(400)
    const forged = new Stripe('x').webhooks.generateTestHeaderString({
      payload: JSON.stringify(event),
      secret: 'whsec_wrong',
    })
    expect((await deliver(event, { signature: forged })).status).toBe(400)
    expect((await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(400)
    expect((await deliver(stripeEvent('customer.created', { id: 'cus_1' }))).body).toEqual({ received: true })
  })
})

describe('who may read an order', () => {
  it('its customer, staff and the holder of its status link, on REST and GraphQL; nobody else', async () => {
    const orderId = (await checkout([{ book: await readyBook(), format: 'pdf', quantity: 1 }])).body.orderId
    const session = await sessionOf(orderId)
    const token = new URL(String(session.success_url)).searchParams.get('token')!
    expect((await api.rest('GET', `/api/orders/${orderId}`, { auth: customer })).status).toBe(200)
    expect((await api.rest('GET', `/api/orders/${orderId}`, { auth: editor })).status).toBe(200)
    expect((await api.rest('GET', `/api/orders/${orderId}`, { auth: stranger })).status).toBe(404)
    expect((await api.rest('GET', `/api/orders/${orderId}`)).status).toBe(403)
    const byToken = await api.rest('GET', `/api/orders/${orderId}?token=${token}`)
    expect(byToken.status).toBe(200)
    expect(byToken.body.accessTokenHash).toBeUndefined()
    expect((await api.rest('GET', `/api/orders/${orderId}?token=not-the-token`)).status).toBe(403)
    const list = await api.rest('GET', `/api/orders?token=${token}`)
    expect(list.body.docs.map((o: any) => o.id)).toEqual([orderId])

    const events = await api.rest('GET', `/api/order-events?where[order][equals]=${orderId}&token=${token}`)
    expect(events.body.docs.map((e: any) => e.type)).toEqual(['created'])
    expect(
      (await api.rest('GET', `/api/order-events?where[order][equals]=${orderId}`, { auth: customer })).body
        .totalDocs,
    ).toBe(1)
    expect(
      (await api.rest('GET', `/api/order-events?where[order][equals]=${orderId}`, { auth: stranger })).body
        .totalDocs,
    ).toBe(0)
    expect((await api.rest('GET', `/api/order-events`)).status).toBe(403)
    expect(
      (await api.rest('POST', `/api/order-events`, { auth: editor, body: { order: orderId, type: 'paid' } }))
        .status,
    ).toBe(403)

    const gql = `{ OrderEvents(where: { order: { equals: ${orderId} } }) { docs { type } } Order(id: ${orderId}) { id } }`
    expect((await api.gql(gql, {}, stranger)).body.data?.OrderEvents.docs).toEqual([])
    expect((await api.gql(gql, {}, customer)).body.data?.OrderEvents.docs).toEqual([{ type: 'created' }])
    const anonymous = await api.rest('POST', `/api/graphql?token=${token}`, { body: { query: gql } })
    expect(anonymous.body.data?.Order).toEqual({ id: orderId })
  })
})

describe('staff actions and the ordered book', () => {
  it('moves a paid order to production, ships it with a tracking number, refunds it through Stripe', async () => {
    const book = await readyBook()
    const orderId = (await checkout([{ book, format: 'hardcover', quantity: 1 }])).body.orderId
    const act = (body: unknown, auth: Auth = editor) =>
      api.rest('POST', `/api/orders/${orderId}/actions`, { auth, body })
    expect((await act({ action: 'in_production' })).status).toBe(409)
    emulator.pay((await sessionOf(orderId)).id)
    await untilOrderIs(orderId, 'paid')
    expect((await act({ action: 'in_production' }, customer)).status).toBe(404)
    expect((await act({ action: 'shipped', trackingNumber: '1Z999' })).status).toBe(409)
    expect((await act({ action: 'in_production' })).status).toBe(200)
    expect((await act({ action: 'shipped' })).status).toBe(400)
    expect((await act({ action: 'shipped', trackingNumber: '1Z999' })).status).toBe(200)
    expect(await orderRow(orderId)).toMatchObject({ status: 'shipped', tracking: '1Z999' })
    await fixture.waitUntil('the shipping email', () => emailsFor(`order-shipped/${orderId}`) === 1)
    // a plain update never moves the status
    await api.rest('PATCH', `/api/orders/${orderId}`, { auth: editor, body: { status: 'pending' } })
    expect((await orderRow(orderId)).status).toBe('shipped')

    // a first part, then more than what that leaves (whether or not Stripe has confirmed the first)
    expect((await act({ action: 'refund', amount: 1000 })).status).toBe(202)
    const over = await act({ action: 'refund', amount: template.prices.hardcover - 999 })
    expect(over.status).toBe(400)
    expect(over.body.errors[0].message).toContain(`At most ${template.prices.hardcover - 1000}`)
    expect((await act({ action: 'refund' })).status).toBe(202)
    await untilOrderIs(orderId, 'refunded')
    expect((await orderRow(orderId)).refunded).toBe(template.prices.hardcover)
    const types = (await timeline(orderId)).map((r: any) => r.type)
    expect(types.slice(0, 4)).toEqual(['created', 'paid', 'in_production', 'shipped'])
    // the two requests, Stripe's partial refund and the full one, in whatever order they arrived
    expect(types.slice(4).sort()).toEqual([
      'partially_refunded',
      'refund_requested',
      'refund_requested',
      'refunded',
    ])
    expect(
      (await timeline(orderId))
        .filter((r: any) => r.type === 'refund_requested')
        .every((r: any) => r.actor === 'staff'),
    ).toBe(true)
  })

  it('an ordered book refuses edits and regeneration; a copy of it is editable', async () => {
    const book = await readyBook()
    expect((await checkout([{ book, format: 'pdf', quantity: 1 }])).status).toBe(200)
    const page = (
      await api.rest('GET', `/api/pages?where[book][equals]=${book}&where[locked][equals]=false&limit=1`, {
        auth: customer,
      })
    ).body.docs[0]
    expect(
      (await api.rest('PATCH', `/api/pages/${page.id}`, { auth: customer, body: { title: 'Changed' } }))
        .status,
    ).toBe(409)
    expect(
      (await api.rest('PATCH', `/api/books/${book}`, { auth: customer, body: { title: 'Changed' } })).status,
    ).toBe(409)
    expect(
      (await api.rest('POST', `/api/pages/${page.id}/regenerate`, { auth: customer, body: {} })).status,
    ).toBe(409)
    expect((await api.rest('DELETE', `/api/books/${book}`, { auth: customer })).status).toBe(409)
    const copy = await api.rest('POST', `/api/books/${book}/copy`, { auth: customer })
    expect(copy.status).toBe(201)
    expect(copy.body.doc.orderFrozen).toBe(false)
    const copied = (
      await api.rest('GET', `/api/pages?where[book][equals]=${copy.body.doc.id}&sort=position&limit=100`, {
        auth: customer,
      })
    ).body.docs
    expect(copied).toHaveLength(template.blueprints.length)
    const target = copied.find((p: any) => !p.locked)
    expect(
      (await api.rest('PATCH', `/api/pages/${target.id}`, { auth: customer, body: { title: 'Changed' } }))
        .status,
    ).toBe(200)
    expect((await api.rest('POST', `/api/books/${book}/copy`, { auth: stranger })).status).toBe(404)
    // the same book can be ordered again
    expect((await checkout([{ book, format: 'pdf', quantity: 1 }])).status).toBe(200)
  })
})

describe('the confirmation through Resend', () => {
  it('Resend answering 500 then 200: the paid order’s confirmation is delivered once, under one key', async () => {
    const received: Array<{ key: string | undefined; status: number }> = []
    const script = [500, 200]
    const resend = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => {
        const status = script.shift() ?? 200
        received.push({ key: req.headers['idempotency-key'] as string | undefined, status })
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(status === 200 ? { id: `email_${received.length}` } : { message: 'boom' }))
      })
    })
    await new Promise<void>((resolve) => resend.listen(0, '127.0.0.1', resolve))
    await stopChild(fixture.workers.get('worker')!.child, 10_000)
    await startWorker({
      RESEND_API_KEY: 're_test',
      RESEND_BASE_URL: `http://127.0.0.1:${(resend.address() as AddressInfo).port}`,
    })
    try {
      const orderId = (await checkout([{ book: await readyBook(), format: 'pdf', quantity: 1 }])).body.orderId
      emulator.pay((await sessionOf(orderId)).id)
      await untilOrderIs(orderId, 'paid')
      const key = `order-confirmation/${orderId}`
      // the job is deleted once the send succeeded: no attempt can follow
      await fixture.waitUntil('the confirmation job to complete', async () => {
        const { rows } = await fixture.db.query(
          `select count(*)::int as n from payload_jobs where task_slug = 'send-email' and input->>'idempotencyKey' = $1`,
          [key],
        )
        return received.length >= 2 && rows[0].n === 0
      })
      expect(received).toEqual([
        { key, status: 500 },
        { key, status: 200 },
      ])
    } finally {
      await stopChild(fixture.workers.get('worker')!.child, 10_000)
      await startWorker()
      await new Promise((resolve) => resend.close(resolve))
    }
  })
})

describe('the order in the admin, in a real browser', () => {
  it('shows the timeline and moves a paid order with its buttons', async () => {
    const orderId = (await checkout([{ book: await readyBook(), format: 'hardcover', quantity: 1 }])).body
      .orderId
    emulator.pay((await sessionOf(orderId)).id)
    await untilOrderIs(orderId, 'paid')
    const browser = await launchBrowser()
    try {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
      await page.goto(`${cms.url}/admin/login`)
      await page.fill('input[name="email"]', SEED.editor.email)
      await page.fill('input[name="password"]', SEED.editor.password)
      await page.click('button[type="submit"]')
      await page.waitForURL(/\/admin\/?$/, { timeout: 60_000 })
      await page.goto(`${cms.url}/admin/collections/orders/${orderId}`)
      await page.getByRole('button', { name: 'Mark in production' }).click()
      await page.getByRole('status').filter({ hasText: 'Marked in production' }).waitFor({ timeout: 30_000 })
      await untilOrderIs(orderId, 'in_production')
      // the timeline (a join field) lists the rows, newest included
      await page.reload()
      await page.getByText('in_production').first().waitFor({ timeout: 30_000 })
      await page.getByLabel('Carrier tracking number').fill('1Z42')
      await page.getByRole('button', { name: 'Mark shipped' }).click()
      await untilOrderIs(orderId, 'shipped')
      expect((await orderRow(orderId)).tracking).toBe('1Z42')
    } finally {
      await browser.close()
    }
  }, 120_000)
})

describe('when the database is unreachable', () => {
  it('answers 5xx, and Stripe’s retry converges once it is back: paid once, one email', async () => {
    const orderId = (await checkout([{ book: await readyBook(), format: 'pdf', quantity: 1 }])).body.orderId
    const session = await sessionOf(orderId)
    const database = new URL(fixture.databaseUrl).pathname.slice(1)
    // the suite's own connections are cut too: they may say so, and are not used again
    fixture.db.on('error', () => undefined)
    ;(fixture.payload.db as unknown as { pool: { on: (e: string, fn: () => void) => void } }).pool.on(
      'error',
      () => undefined,
    )
    await adminQuery(`alter database "${database}" allow_connections false`)
    await adminQuery(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
      [database],
    )
    emulator.pay(session.id)
    try {
      await fixture.waitUntil('a delivery refused with a 5xx', () =>
        emulator.deliveries.some(
          (d) =>
            d.type === 'checkout.session.completed' &&
            typeof d.status === 'number' &&
            d.status >= 500 &&
            emulator.events.get(d.eventId)?.data.object &&
            (emulator.events.get(d.eventId)!.data.object as any).id === session.id,
        ),
      )
    } finally {
      await adminQuery(`alter database "${database}" allow_connections true`)
    }
    const pg = (await import('pg')).default
    const db = new pg.Client({ connectionString: fixture.databaseUrl })
    await db.connect()
    try {
      await fixture.waitUntil('the order to be paid after a retry', async () => {
        const { rows } = await db.query('select status from orders where id = $1', [orderId])
        return rows[0].status === 'paid'
      })
      const { rows } = await db.query(
        `select count(*)::int as n from order_events where order_id = $1 and type = 'paid'`,
        [orderId],
      )
      expect(rows[0].n).toBe(1)
      await fixture.waitUntil(
        'the confirmation email',
        () => emailsFor(`order-confirmation/${orderId}`) === 1,
      )
    } finally {
      await db.end()
    }
  })
})
