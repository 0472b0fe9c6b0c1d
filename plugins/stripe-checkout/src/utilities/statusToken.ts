import { createHash, createHmac } from 'node:crypto'

import type { PayloadRequest } from 'payload'

import type { CheckoutContext } from './context'

/**
 * The order status link's token: an HMAC, under the app's secret, of the order's checkout key (a
 * random UUID made at checkout and kept on the order), so it can be put in an email written later
 * (the paid webhook) without being stored; only its SHA-256 is kept (`accessTokenHash`) to find
 * the order by it.
 */
export const statusToken = (context: Pick<CheckoutContext, 'statusTokenSecret'>, checkoutKey: string) =>
  createHmac('sha256', context.statusTokenSecret).update(`order-status:${checkoutKey}`).digest('base64url')

type OrderWithKey = { id: number | string; stripe?: { idempotencyKey?: string | null } | null }

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

export const statusUrl = (context: CheckoutContext, order: OrderWithKey) =>
  `${context.storefrontUrl.replace(/\/$/, '')}/orders/${order.id}?token=${statusToken(context, order.stripe?.idempotencyKey ?? '')}`

/** The order a request's `?token=` opens, if it names one (a read without login). */
export async function orderIdForToken(
  req: PayloadRequest,
  context: CheckoutContext,
): Promise<number | string | undefined> {
  const token = req.searchParams?.get('token')
  if (!token || token.length > 100) return undefined
  const { docs } = await req.payload.find({
    collection: context.slugs.orders as 'orders',
    where: { accessTokenHash: { equals: tokenHash(token) } },
    limit: 1,
    depth: 0,
    pagination: false,
    overrideAccess: true,
    select: {},
    req,
  })
  return docs[0]?.id
}
