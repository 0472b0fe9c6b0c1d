import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { parse } from 'qs-esm'
import Stripe from 'stripe'

import { STRIPE_EMULATOR_SECRET_KEY, STRIPE_EMULATOR_WEBHOOK_SECRET } from './constants'

/**
 * A local stand-in for the part of Stripe the plugin uses, for development and tests, on
 * loopback only: Checkout Sessions (create, retrieve, expire), refunds and events, through the
 * SDK's host/port/protocol; a hosted page with "Pay" and "Cancel"; events delivered to the
 * webhook, signed as Stripe signs them and retried on anything but a 2xx. Never for production.
 */
export type EmulatorOptions = {
  port?: number
  /** Where events are POSTed (the CMS's /api/stripe/webhook). */
  webhookUrl: string
  webhookSecret?: string
  secretKey?: string
  /** The hosted pages' base URL. Default: http://127.0.0.1:<port>. */
  publicUrl?: string
  /** Waits between delivery attempts of one event. Default: 1, 2, 4, 8, 16, 32, 60, 60 s. */
  retryDelaysMs?: number[]
  /** Added to every API answer (a slow Stripe in benchmarks). Default: 0. */
  latencyMs?: number
  /** Checks expired sessions this often. Default: 5 s. */
  expiryCheckMs?: number
}

/** A line item as the SDK sends it (form-encoded, so every leaf is a string). */
type LineInput = {
  quantity?: string
  price_data?: { currency?: string; unit_amount?: string; product_data?: { name?: string } }
}
type Session = Stripe.Checkout.Session & { payment_intent_data?: { metadata?: Record<string, string> } }
type Delivery = { eventId: string; type: string; attempt: number; status: number | 'error'; at: number }

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`
const now = () => Math.floor(Date.now() / 1000)

export type StripeEmulator = Awaited<ReturnType<typeof startStripeEmulator>>

export async function startStripeEmulator(options: EmulatorOptions) {
  const secretKey = options.secretKey ?? STRIPE_EMULATOR_SECRET_KEY
  const webhookSecret = options.webhookSecret ?? STRIPE_EMULATOR_WEBHOOK_SECRET
  const retryDelays = options.retryDelaysMs ?? [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]
  const signer = new Stripe(secretKey)
  const sessions = new Map<string, Session>()
  const charges = new Map<string, Stripe.Charge>() // by payment intent
  const events = new Map<string, Stripe.Event>()
  const idempotent = new Map<string, { status: number; body: unknown }>()
  const deliveries: Delivery[] = []
  const pending = new Set<NodeJS.Timeout>()
  let latencyMs = options.latencyMs ?? 0
  let webhookUrl = options.webhookUrl
  let closed = false
  let baseUrl = ''

  const deliver = (event: Stripe.Event, attempt = 0) => {
    const payload = JSON.stringify(event)
    const header = signer.webhooks.generateTestHeaderString({ payload, secret: webhookSecret })
    const retry = () => {
      const delay = retryDelays[attempt]
      if (delay === undefined || closed) return
      const timer = setTimeout(() => {
        pending.delete(timer)
        deliver(event, attempt + 1)
      }, delay)
      pending.add(timer)
    }
    fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': header },
      body: payload,
      signal: AbortSignal.timeout(30_000),
    })
      .then(async (response) => {
        await response.arrayBuffer().catch(() => undefined)
        deliveries.push({
          eventId: event.id,
          type: event.type,
          attempt,
          status: response.status,
          at: Date.now(),
        })
        if (response.status < 200 || response.status >= 300) retry()
      })
      .catch(() => {
        deliveries.push({ eventId: event.id, type: event.type, attempt, status: 'error', at: Date.now() })
        retry()
      })
  }

  const emit = (type: string, object: unknown) => {
    const event = {
      id: id('evt'),
      object: 'event',
      api_version: '2025-01-01',
      created: now(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object },
    } as unknown as Stripe.Event
    events.set(event.id, event)
    if (!closed) deliver(event)
    return event
  }

  const expire = (session: Session) => {
    if (session.status !== 'open') return false
    session.status = 'expired'
    emit('checkout.session.expired', session)
    return true
  }

  /** The customer paid on the hosted page: the session completes and a charge exists. */
  const pay = (sessionId: string) => {
    const session = sessions.get(sessionId)
    if (!session || session.status !== 'open') return undefined
    const paymentIntent = id('pi')
    session.status = 'complete'
    session.payment_status = 'paid'
    session.payment_intent = paymentIntent
    charges.set(paymentIntent, {
      id: id('ch'),
      object: 'charge',
      amount: session.amount_total ?? 0,
      amount_refunded: 0,
      refunded: false,
      currency: session.currency ?? 'usd',
      payment_intent: paymentIntent,
      metadata: session.payment_intent_data?.metadata ?? session.metadata ?? {},
    } as unknown as Stripe.Charge)
    emit('checkout.session.completed', session)
    return session
  }

  const stripeError = (status: number, message: string, type = 'invalid_request_error') => ({
    status,
    body: { error: { type, message } },
  })

  const api = (
    method: string,
    path: string,
    body: Record<string, unknown>,
  ): { status: number; body: unknown } => {
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const lines = (body.line_items as LineInput[] | undefined) ?? []
      if (!lines.length) return stripeError(400, 'line_items is required')
      const currency = String(lines[0].price_data?.currency ?? 'usd')
      const amountTotal = lines.reduce(
        (sum, line) => sum + Number(line.price_data?.unit_amount ?? 0) * Number(line.quantity ?? 1),
        0,
      )
      const session = {
        id: id('cs_test'),
        object: 'checkout.session',
        mode: body.mode ?? 'payment',
        status: 'open',
        payment_status: 'unpaid',
        amount_total: amountTotal,
        amount_subtotal: amountTotal,
        currency,
        client_reference_id: body.client_reference_id ?? null,
        customer_email: body.customer_email ?? null,
        metadata: (body.metadata as Record<string, string>) ?? {},
        payment_intent: null,
        payment_intent_data: body.payment_intent_data,
        success_url: body.success_url,
        cancel_url: body.cancel_url,
        expires_at: Number(body.expires_at ?? now() + 24 * 3600),
        line_items_input: lines,
        shipping_address_collection: body.shipping_address_collection ?? null,
        created: now(),
        livemode: false,
        url: '',
      } as unknown as Session
      session.url = `${baseUrl}/pay/${session.id}`
      sessions.set(session.id, session)
      return { status: 200, body: session }
    }
    let match = /^\/v1\/checkout\/sessions\/([\w-]+)(\/expire)?$/.exec(path)
    if (match) {
      const session = sessions.get(match[1])
      if (!session) return stripeError(404, `No such checkout.session: '${match[1]}'`)
      if (match[2] && method === 'POST') {
        if (!expire(session)) return stripeError(400, 'Only open sessions can be expired.')
      }
      return { status: 200, body: session }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const charge = charges.get(String(body.payment_intent))
      if (!charge) return stripeError(400, `No such payment_intent: '${body.payment_intent}'`)
      const left = charge.amount - charge.amount_refunded
      const amount = body.amount === undefined ? left : Number(body.amount)
      if (!(amount > 0) || amount > left) {
        return stripeError(400, `Refund amount (${amount}) is greater than what is left to refund (${left}).`)
      }
      charge.amount_refunded += amount
      charge.refunded = charge.amount_refunded >= charge.amount
      const refund = {
        id: id('re'),
        object: 'refund',
        amount,
        currency: charge.currency,
        payment_intent: charge.payment_intent,
        charge: charge.id,
        status: 'succeeded',
        metadata: body.metadata ?? {},
        created: now(),
      }
      emit('charge.refunded', { ...charge })
      return { status: 200, body: refund }
    }
    match = /^\/v1\/events\/([\w-]+)$/.exec(path)
    if (match && method === 'GET') {
      const event = events.get(match[1])
      return event ? { status: 200, body: event } : stripeError(404, `No such event: '${match[1]}'`)
    }
    return stripeError(404, `Unrecognized request URL (${method}: ${path}).`)
  }

  const page = (session: Session) => {
    const money = (minor: number) => `${(minor / 100).toFixed(2)} ${String(session.currency).toUpperCase()}`
    const lines = ((session as unknown as { line_items_input: LineInput[] }).line_items_input ?? [])
      .map(
        (line) =>
          `<li>${Number(line.quantity)} × ${String(line.price_data?.product_data?.name ?? 'Item').replace(/[<>&"]/g, '')} — ${money(Number(line.price_data?.unit_amount) * Number(line.quantity))}</li>`,
      )
      .join('')
    const state =
      session.status === 'open'
        ? `<form method="post" action="/pay/${session.id}/pay"><button type="submit">Pay ${money(session.amount_total ?? 0)}</button></form>
           <form method="post" action="/pay/${session.id}/cancel"><button type="submit">Cancel</button></form>`
        : `<p role="status">This checkout is ${session.status}.</p>`
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Local Stripe emulator · Checkout</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a2e}button{font-size:1rem;padding:.6rem 1.2rem;margin:.4rem 0;cursor:pointer}p.note{color:#666;font-size:.85rem}</style>
</head><body><h1>Checkout (test mode)</h1><p class="note">Local Stripe emulator: no real payment is taken.</p>
<ul>${lines}</ul><p><strong>Total ${money(session.amount_total ?? 0)}</strong></p>${state}</body></html>`
  }

  const server = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk) => (raw += chunk))
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://emulator')
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body))
      }
      try {
        const hosted = /^\/pay\/([\w-]+)(\/pay|\/cancel)?$/.exec(url.pathname)
        if (hosted) {
          const session = sessions.get(hosted[1])
          if (!session) return res.writeHead(404, { 'content-type': 'text/plain' }).end('No such checkout.')
          if (req.method === 'POST' && hosted[2] === '/pay') {
            pay(session.id)
            return res.writeHead(303, { location: String(session.success_url) }).end()
          }
          if (req.method === 'POST' && hosted[2] === '/cancel') {
            return res.writeHead(303, { location: String(session.cancel_url) }).end()
          }
          return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(session))
        }
        if (!url.pathname.startsWith('/v1/')) return send(404, { error: { message: 'Not found' } })
        if (req.headers.authorization !== `Bearer ${secretKey}`) {
          return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } })
        }
        if (latencyMs) await new Promise((resolve) => setTimeout(resolve, latencyMs))
        const key = req.headers['idempotency-key']
        const remembered =
          typeof key === 'string' ? idempotent.get(`${req.method} ${url.pathname} ${key}`) : undefined
        if (remembered) return send(remembered.status, remembered.body, { 'idempotent-replayed': 'true' })
        const body = raw ? (parse(raw, { depth: 10, arrayLimit: 200 }) as Record<string, unknown>) : {}
        const answer = api(req.method ?? 'GET', url.pathname, body)
        if (typeof key === 'string' && req.method === 'POST')
          idempotent.set(`${req.method} ${url.pathname} ${key}`, answer)
        return send(answer.status, answer.body)
      } catch (err) {
        return send(500, { error: { type: 'api_error', message: (err as Error).message } })
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  baseUrl = options.publicUrl ?? `http://127.0.0.1:${port}`
  const expiry = setInterval(() => {
    for (const session of sessions.values()) {
      if (session.status === 'open' && (session.expires_at ?? Infinity) * 1000 <= Date.now()) expire(session)
    }
  }, options.expiryCheckMs ?? 5_000)
  expiry.unref()

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    secretKey,
    webhookSecret,
    sessions,
    deliveries,
    events,
    pay,
    /** Expires an open session at once (as if its time ran out). */
    expire: (sessionId: string) => {
      const session = sessions.get(sessionId)
      return session ? expire(session) : false
    },
    /** Sends an event again, signed afresh (a duplicate delivery). */
    redeliver: (eventId: string) => {
      const event = events.get(eventId)
      if (event) deliver(event)
    },
    setLatency: (ms: number) => {
      latencyMs = ms
    },
    /** Where events go from now on (a server started after the emulator). */
    setWebhookUrl: (url: string) => {
      webhookUrl = url
    },
    close: async () => {
      closed = true
      clearInterval(expiry)
      for (const timer of pending) clearTimeout(timer)
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
