import { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { transactionSession } from '@memory-maker/payload-jobs'

import type { Slugs } from './context'

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
    sql`insert into ${table(req, 'stripe-events')} (event_id, type, created_at, updated_at)
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
}

/** The order, locked for the rest of the transaction. */
export async function lockOrder(
  req: PayloadRequest,
  slugs: Slugs,
  orderId: Id,
): Promise<OrderRow | undefined> {
  const [row] = await rows<OrderRow>(
    req,
    sql`select id, status, total::bigint as total, currency, coalesce(refunded_amount, 0)::bigint as "refundedAmount",
               stripe_payment_intent_id as "paymentIntentId"
        from ${table(req, slugs.orders)} where id = ${orderId} for update`,
  )
  return row ? { ...row, total: Number(row.total), refundedAmount: Number(row.refundedAmount) } : undefined
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
