import { createHash, createHmac } from 'node:crypto'

import type { PayloadRequest } from 'payload'

import type { CheckoutContext } from './context'

/**
 * The order status link's token: an HMAC of the order id under the app's secret, so it can be
 * put in an email written later (the paid webhook) without being stored; only its SHA-256 is kept
 * (`accessTokenHash`) to find the order by it.
 */
export const statusToken = (context: Pick<CheckoutContext, 'statusTokenSecret'>, orderId: number | string) =>
  createHmac('sha256', context.statusTokenSecret).update(`order-status:${orderId}`).digest('base64url')

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex')

export const statusUrl = (context: CheckoutContext, orderId: number | string) =>
  `${context.storefrontUrl.replace(/\/$/, '')}/orders/${orderId}?token=${statusToken(context, orderId)}`

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
