import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { transactionSession } from '@memory-maker/payload-jobs'

import type { Slugs } from './context'
import { ORDER_EVENTS, STRIPE_EVENTS } from './orderEventTypes'

/**
 * Every SQL statement of the plugin, in one place, each on the request's transaction: the event
 * id recorded exactly once (ON CONFLICT DO NOTHING: through the Local API a unique violation would
 * abort the transaction) and the order moved by compare-and-set on its status. No Orders hook
 * sees this SQL; the state machine (orderMachine.ts) writes the timeline and queues the work.
 */
type Id = number | string
type Executor = { execute: (query: ReturnType<typeof sql>) => Promise<unknown> }

async function rows<Row>(req: PayloadRequest, query: ReturnType<typeof sql>): Promise<Row[]> {
  const db = ((await transactionSession(req))?.db ?? req.payload.db.drizzle) as unknown as Executor
  const result = (await db.execute(query)) as { rows?: Row[] }
  return result.rows ?? []
}

function table(req: PayloadRequest, slug: string) {
  const map = (req.payload.db as unknown as { tableNameMap?: Map<string, string> }).tableNameMap
  return sql.identifier(map?.get(slug.replace(/-/g, '_')) ?? slug.replace(/-/g, '_'))
}

/** True the first time `eventId` is seen; false for a duplicate (or one recorded concurrently). */
export async function recordStripeEvent(
  req: PayloadRequest,
  eventId: string,
  type: string,
): Promise<boolean> {
  const inserted = await rows(
    req,
    sql`insert into ${table(req, STRIPE_EVENTS)} (event_id, type, created_at, updated_at)
        values (${eventId}, ${type}, now(), now())
        on conflict (event_id) do nothing
        returning id`,
  )
  return inserted.length > 0
}

export type OrderRow = {
  id: Id
  status: string
  total: number
  currency: string
  refundedAmount: number
  paymentIntentId: string | null
  checkoutSessionId: string | null
  checkoutKey: string | null
  /** refunds staff asked Stripe for, confirmed or not: their sum and how many */
  refundsRequested: number
  refundRequests: number
}

/** The order, locked for the rest of the transaction. */
export async function lockOrder(
  req: PayloadRequest,
  slugs: Slugs,
  orderId: Id,
): Promise<OrderRow | undefined> {
  const [row] = await rows<OrderRow>(
    req,
    sql`select o.id, o.status, o.total::bigint as total, o.currency,
               coalesce(o.refunded_amount, 0)::bigint as "refundedAmount",
               o.stripe_payment_intent_id as "paymentIntentId", o.stripe_checkout_session_id as "checkoutSessionId",
               o.stripe_idempotency_key as "checkoutKey",
               (select coalesce(sum(e.amount), 0)::bigint from ${table(req, ORDER_EVENTS)} e
                 where e.order_id = o.id and e.type = 'refund_requested') as "refundsRequested",
               (select count(*)::int from ${table(req, ORDER_EVENTS)} e
                 where e.order_id = o.id and e.type = 'refund_requested') as "refundRequests"
        from ${table(req, slugs.orders)} o where o.id = ${orderId} for update of o`,
  )
  return row
    ? {
        ...row,
        total: Number(row.total),
        refundedAmount: Number(row.refundedAmount),
        refundsRequested: Number(row.refundsRequested),
      }
    : undefined
}

/** Moves the order to `to` if it is in one of `from` (compare-and-set); false when it was not. */
export async function compareAndSetStatus(
  req: PayloadRequest,
  slugs: Slugs,
  orderId: Id,
  from: readonly string[],
  to: string,
) {
  const moved = await rows(
    req,
    sql`update ${table(req, slugs.orders)} set status = ${to}, updated_at = now()
        where id = ${orderId} and status::text = any(string_to_array(${from.join(',')}, ','))
        returning id`,
  )
  return moved.length > 0
}

/** Facts about the payment, kept whatever the status: the intent, refunds, a flag for staff. */
export async function recordPaymentFacts(
  req: PayloadRequest,
  slugs: Slugs,
  orderId: Id,
  facts: {
    paymentIntentId?: string | null
    refundedAmount?: number
    flagReason?: string
    trackingNumber?: string
  },
) {
  const sets = [sql`updated_at = now()`]
  if (facts.paymentIntentId) sets.push(sql`stripe_payment_intent_id = ${facts.paymentIntentId}`)
  if (facts.refundedAmount !== undefined) {
    sets.push(sql`refunded_amount = greatest(coalesce(refunded_amount, 0), ${facts.refundedAmount})`)
  }
  if (facts.flagReason) sets.push(sql`flagged = true, flag_reason = ${facts.flagReason}`)
  if (facts.trackingNumber) sets.push(sql`tracking_number = ${facts.trackingNumber}`)
  await rows(
    req,
    sql`update ${table(req, slugs.orders)} set ${sql.join(sets, sql`, `)} where id = ${orderId}`,
  )
}

/** The Checkout Session that pays for the order (set once it exists). */
export async function recordCheckoutSession(
  req: PayloadRequest,
  slugs: Slugs,
  orderId: Id,
  sessionId: string,
) {
  await rows(
    req,
    sql`update ${table(req, slugs.orders)} set stripe_checkout_session_id = ${sessionId}, updated_at = now()
        where id = ${orderId}`,
  )
}

export type TimelineRow = {
  type: string
  actor: string
  user?: Id
  stripeEventId?: string
  fromStatus?: string
  toStatus?: string
  amount?: number
  note?: string
}

/** One row of the order's insert-only timeline. */
export async function insertTimelineRow(req: PayloadRequest, orderId: Id, row: TimelineRow) {
  await rows(
    req,
    sql`insert into ${table(req, ORDER_EVENTS)}
          (order_id, type, actor, user_id, stripe_event_id, from_status, to_status, amount, note, created_at, updated_at)
        values (${orderId}, ${row.type}, ${row.actor}, ${row.user ?? null}, ${row.stripeEventId ?? null},
                ${row.fromStatus ?? null}, ${row.toStatus ?? null}, ${row.amount ?? null}, ${row.note ?? null},
                clock_timestamp(), clock_timestamp())`,
  )
}

export type OrderForEmail = {
  id: Id
  orderNumber: string | null
  email: string | null
  currency: string | null
  total: number | null
  trackingNumber: string | null
  stripe: { idempotencyKey: string | null }
  items: Array<{
    title: string | null
    format: string | null
    quantity: number | null
    unitAmount: number | null
  }>
}

/** What an email says about the order, in one read (the order and its items). */
export async function orderForEmail(
  req: PayloadRequest,
  slugs: Slugs,
  orderId: Id,
): Promise<OrderForEmail | undefined> {
  const orders = table(req, slugs.orders)
  const items = table(req, `${slugs.orders}_items`)
  const [row] = await rows<OrderForEmail>(
    req,
    sql`select o.id, o.order_number as "orderNumber", o.email, o.currency, o.total::float as total,
               o.tracking_number as "trackingNumber",
               json_build_object('idempotencyKey', o.stripe_idempotency_key) as stripe,
               coalesce((select json_agg(json_build_object('title', i.title, 'format', i.format,
                                 'quantity', i.quantity::float, 'unitAmount', i.unit_amount::float) order by i._order)
                         from ${items} i where i._parent_id = o.id), '[]'::json) as items
        from ${orders} o where o.id = ${orderId}`,
  )
  return row
}

/**
 * The common case of a paid event in one statement: a pending order whose amount and currency
 * match, with no refund reported first, turns paid (compare-and-set), keeps the payment intent
 * and gets its timeline row; the order is returned as an email needs it. Undefined when the order
 * is not such an order (the caller then takes the careful path).
 */
export async function payMatchingPendingOrder(
  req: PayloadRequest,
  slugs: Slugs,
  orderId: Id,
  payment: {
    amount: number
    currency: string
    paymentIntentId: string | null
    stripeEventId: string
    sessionId: string
  },
): Promise<OrderForEmail | undefined> {
  const orders = table(req, slugs.orders)
  const items = table(req, `${slugs.orders}_items`)
  const [row] = await rows<OrderForEmail>(
    req,
    sql`with paid as (
          update ${orders} set status = 'paid', updated_at = now(),
                 stripe_payment_intent_id = coalesce(${payment.paymentIntentId}, stripe_payment_intent_id)
          where id = ${orderId} and status = 'pending' and total = ${payment.amount}
            and (stripe_checkout_session_id is null or stripe_checkout_session_id = ${payment.sessionId})
            and lower(currency::text) = lower(${payment.currency}) and coalesce(refunded_amount, 0) < total
          returning id, order_number, email, currency, total, tracking_number, stripe_idempotency_key
        ), timeline as (
          insert into ${table(req, ORDER_EVENTS)}
            (order_id, type, actor, stripe_event_id, from_status, to_status, created_at, updated_at)
          select id, 'paid', 'stripe', ${payment.stripeEventId}, 'pending', 'paid', clock_timestamp(), clock_timestamp()
          from paid
        )
        select p.id, p.order_number as "orderNumber", p.email, p.currency, p.total::float as total,
               p.tracking_number as "trackingNumber",
               json_build_object('idempotencyKey', p.stripe_idempotency_key) as stripe,
               coalesce((select json_agg(json_build_object('title', i.title, 'format', i.format,
                                 'quantity', i.quantity::float, 'unitAmount', i.unit_amount::float) order by i._order)
                         from ${items} i where i._parent_id = p.id), '[]'::json) as items
        from paid p`,
  )
  return row
}

export type BookRow = { id: Id; owner: Id | null; status: string | null; orderFrozen: boolean }

/**
 * The books' freeze, held for the rest of the transaction: checkouts share it (many orders of one
 * book at once), a release takes it alone, so a release never misses an order being placed and an
 * order never keeps a book that is being released. (Advisory locks, so checkouts do not queue on
 * the book's row.) Returns the books as they are once the lock is held.
 */
export async function lockBooks(req: PayloadRequest, slugs: Slugs, ids: Id[], mode: 'shared' | 'exclusive') {
  const sorted = [...new Set(ids.map(Number))].sort((a, b) => a - b)
  const lock = mode === 'shared' ? sql`pg_advisory_xact_lock_shared` : sql`pg_advisory_xact_lock`
  await rows(
    req,
    sql`select ${lock}(hashtext('memory-maker.book-freeze'), id)
        from unnest(string_to_array(${sorted.join(',')}, ',')::int[]) with ordinality as book (id, n) order by n`,
  )
  return rows<BookRow>(
    req,
    sql`select id, owner_id as owner, status::text as status, coalesce(order_frozen, false) as "orderFrozen"
        from ${table(req, slugs.books)}
        where id in (select unnest(string_to_array(${sorted.join(',')}, ',')::int[]))
        order by id`,
  )
}

/** Whether the Stripe event is recorded (committed): Payload's commit does not report a failure. */
export async function stripeEventCommitted(req: PayloadRequest, eventId: string): Promise<boolean> {
  const db = req.payload.db.drizzle as unknown as Executor
  const result = (await db.execute(
    sql`select 1 from ${table(req, STRIPE_EVENTS)} where event_id = ${eventId}`,
  )) as { rows?: unknown[] }
  return Boolean(result.rows?.length)
}

/** Whether the order exists (committed), read outside any transaction. */
export async function orderCommitted(req: PayloadRequest, slugs: Slugs, orderId: Id): Promise<boolean> {
  const db = req.payload.db.drizzle as unknown as Executor
  const result = (await db.execute(sql`select 1 from ${table(req, slugs.orders)} where id = ${orderId}`)) as {
    rows?: unknown[]
  }
  return Boolean(result.rows?.length)
}
