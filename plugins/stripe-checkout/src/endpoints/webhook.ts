import { APIError, commitTransaction, initTransaction, killTransaction, type Endpoint } from 'payload'
import type Stripe from 'stripe'

import { applyStripeEvent } from '../utilities/applyStripeEvent'
import type { CheckoutContext } from '../utilities/context'
import { BadRequest } from '../utilities/errors'
import { recordStripeEvent, stripeEventCommitted } from '../utilities/ordersTable'

/** Stripe signs each delivery; one older than this is refused (a replay). */
const TOLERANCE_SECONDS = 300

/**
 * POST /api/stripe/webhook: the raw body's signature is verified (400 otherwise), the event id is
 * recorded exactly once and the event applied, in one transaction; 200 only after it commits, a
 * 5xx when the database failed, so Stripe's retry converges. A duplicate is a 200 that changes
 * nothing.
 */
export const webhookEndpoint = (context: CheckoutContext): Endpoint => ({
  path: '/stripe/webhook',
  method: 'post',
  handler: async (req) => {
    const raw = (await req.text?.()) ?? ''
    const signature = req.headers.get('stripe-signature') ?? ''
    if (!context.webhookSecret) throw new APIError('The Stripe webhook secret is not configured.', 500)
    let event: Stripe.Event
    try {
      event = context
        .stripe()
        .webhooks.constructEvent(raw, signature, context.webhookSecret, TOLERANCE_SECONDS)
    } catch {
      throw new BadRequest('The Stripe signature is missing, wrong or too old.')
    }
    let ownTransaction = false
    let duplicate = false
    try {
      ownTransaction = await initTransaction(req)
      duplicate = !(await recordStripeEvent(req, event.id, event.type))
      if (!duplicate) await applyStripeEvent(req, context, event)
      if (ownTransaction) await commitTransaction(req)
    } catch (err) {
      if (ownTransaction) await killTransaction(req)
      req.payload.logger.error({ err, eventId: event.id, msg: 'stripe-checkout: webhook not recorded' })
      throw new APIError('The event could not be recorded; Stripe will retry it.', 503)
    }
    // Payload's commit does not report a failure: a 200 only for an event that is kept
    if (!(await stripeEventCommitted(req, event.id).catch(() => false))) {
      throw new APIError('The event could not be recorded; Stripe will retry it.', 503)
    }
    return Response.json({ received: true, ...(duplicate ? { duplicate } : {}) })
  },
})
