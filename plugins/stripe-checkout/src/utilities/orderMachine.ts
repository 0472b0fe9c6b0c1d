import type { PayloadRequest } from 'payload'

import { queueEmail } from '@memory-maker/payload-email'

import type { ORDER_EVENT_TYPES } from './orderEventTypes'
import type { CheckoutContext } from './context'
import { confirmationEmail, shippedEmail } from './emails'
import {
  compareAndSetStatus,
  insertTimelineRow,
  lockBooks,
  lockOrder,
  orderForEmail,
  recordPaymentFacts,
  type OrderRow,
} from './ordersTable'

type Id = number | string
export type OrderStatus = 'pending' | 'paid' | 'in_production' | 'shipped' | 'cancelled' | 'refunded'

/** Forward only: where an order may go from each status. */
export const TRANSITIONS: Record<OrderStatus, readonly OrderStatus[]> = {
  pending: ['paid', 'cancelled', 'refunded'],
  paid: ['in_production', 'refunded'],
  in_production: ['shipped', 'refunded'],
  shipped: ['refunded'],
  cancelled: [],
  refunded: [],
}

const from = (to: OrderStatus) =>
  (Object.keys(TRANSITIONS) as OrderStatus[]).filter((status) => TRANSITIONS[status].includes(to))

export type Actor = { actor: string; user?: Id; stripeEventId?: string }

/** One row of the order's timeline, in the caller's transaction. */
export async function addTimelineRow(
  req: PayloadRequest,
  orderId: Id,
  row: Actor & {
    type: (typeof ORDER_EVENT_TYPES)[number]
    fromStatus?: string
    toStatus?: string
    amount?: number
    note?: string
  },
) {
  await insertTimelineRow(req, orderId, row)
}

/**
 * Moves the order to `to` by compare-and-set, in `req`'s transaction, with its timeline row and
 * the work that follows (the confirmation email on paid, the shipping email on shipped). Returns
 * the status it left, or undefined when it could not move (already there, or past it).
 */
export async function moveOrder(
  req: PayloadRequest,
  context: CheckoutContext,
  orderId: Id,
  to: OrderStatus,
  by: Actor & { note?: string; amount?: number },
  /** the order as the caller has just locked it (saves a second read) */
  locked?: OrderRow,
): Promise<string | undefined> {
  const order = locked ?? (await lockOrder(req, context.slugs, orderId))
  if (!order || !TRANSITIONS[order.status as OrderStatus]?.includes(to)) return undefined
  if (!(await compareAndSetStatus(req, context.slugs, orderId, from(to), to))) return undefined
  await addTimelineRow(req, orderId, {
    ...by,
    type: to === 'cancelled' ? 'cancelled' : (to as 'paid' | 'refunded' | 'in_production' | 'shipped'),
    fromStatus: order.status,
    toStatus: to,
  })
  if (to === 'cancelled' || to === 'refunded') await releaseBooks(req, context, orderId)
  if (to === 'paid' || to === 'shipped') {
    const full = await orderForEmail(req, context.slugs, orderId)
    const email = full && (to === 'paid' ? confirmationEmail(context, full) : shippedEmail(context, full))
    if (email) await queueEmail(req, email)
  }
  return order.status
}

/** Marks the order for staff (an amount or currency that disagrees with it): never paid by it. */
export async function flagOrder(
  req: PayloadRequest,
  context: CheckoutContext,
  orderId: Id,
  reason: string,
  by: Actor,
) {
  await recordPaymentFacts(req, context.slugs, orderId, { flagReason: reason })
  await addTimelineRow(req, orderId, { ...by, type: 'flagged', note: reason })
}

/** Orders in these states hold their books' content final. */
const ACTIVE = ['pending', 'paid', 'in_production', 'shipped']

/**
 * After an order ends without a print (cancelled, refunded), its books can be edited again unless
 * another order still holds them.
 */
export async function releaseBooks(req: PayloadRequest, context: CheckoutContext, orderId: Id) {
  const order = (await req.payload.findByID({
    collection: context.slugs.orders as 'orders',
    id: orderId,
    depth: 0,
    overrideAccess: true,
    req,
  })) as { items?: Array<{ book?: unknown }> }
  const books = new Set(
    (order.items ?? []).map(
      (item) => (typeof item.book === 'object' ? (item.book as { id: Id }).id : item.book) as Id,
    ),
  )
  // the freeze taken alone: an order being placed now is counted, or waits for us
  await lockBooks(req, context.slugs, [...books], 'exclusive')
  for (const book of books) {
    const { totalDocs } = await req.payload.count({
      collection: context.slugs.orders as 'orders',
      where: {
        and: [
          { 'items.book': { equals: book } },
          { status: { in: ACTIVE } },
          { id: { not_equals: orderId } },
        ],
      },
      overrideAccess: true,
      req,
    })
    if (totalDocs === 0) {
      await req.payload.update({
        collection: context.slugs.books as 'books',
        id: book,
        data: { orderFrozen: false } as never,
        depth: 0,
        overrideAccess: true,
        req,
      })
    }
  }
}
