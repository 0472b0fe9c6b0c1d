import type { PayloadRequest } from 'payload'
import type Stripe from 'stripe'

import { queueEmail } from '@memory-maker/payload-email'

import type { CheckoutContext } from './context'
import { confirmationEmail } from './emails'
import { addTimelineRow, flagOrder, moveOrder } from './orderMachine'
import { lockOrder, payMatchingPendingOrder, recordPaymentFacts } from './ordersTable'

type Id = number | string

const orderIdOf = (
  metadata: Stripe.Metadata | null | undefined,
  reference?: string | null,
): Id | undefined => {
  const raw = metadata?.orderId ?? reference ?? undefined
  return raw && /^\d{1,10}$/.test(raw) ? Number(raw) : undefined
}

const idOf = (value: string | { id: string } | null | undefined) =>
  typeof value === 'string' ? value : (value?.id ?? null)

/**
 * Applies one verified Stripe event to its order, in `req`'s transaction (the caller recorded the
 * event id first, so each event is applied once). Forward only: an event that would move an
 * order backwards (expired after paid) leaves it as it is. Unknown events are ignored.
 */
export async function applyStripeEvent(req: PayloadRequest, context: CheckoutContext, event: Stripe.Event) {
  const by = { actor: 'stripe', stripeEventId: event.id }
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object
      const orderId = orderIdOf(session.metadata, session.client_reference_id)
      if (orderId === undefined) return
      const paymentIntentId = idOf(session.payment_intent)
      if (session.payment_status === 'paid' && session.amount_total !== null) {
        // the common case in one statement; anything else (a mismatch, a refund first, an order
        // already past pending) goes the careful way below
        const paid = await payMatchingPendingOrder(req, context.slugs, orderId, {
          amount: session.amount_total,
          currency: session.currency ?? '',
          paymentIntentId,
          stripeEventId: event.id,
          sessionId: session.id,
        })
        if (paid) {
          const email = confirmationEmail(context, paid)
          if (email) await queueEmail(req, email)
          return
        }
      }
      const order = await lockOrder(req, context.slugs, orderId)
      if (!order) {
        req.payload.logger.error({
          orderId,
          eventId: event.id,
          msg: 'stripe-checkout: a payment for an order that does not exist',
        })
        return
      }
      if (order.checkoutSessionId && order.checkoutSessionId !== session.id) {
        req.payload.logger.warn({
          orderId,
          sessionId: session.id,
          msg: 'stripe-checkout: a session that is not the order’s; ignored',
        })
        return
      }
      await recordPaymentFacts(req, context.slugs, orderId, { paymentIntentId })
      if (
        session.amount_total !== order.total ||
        (session.currency ?? '').toLowerCase() !== order.currency.toLowerCase()
      ) {
        await flagOrder(
          req,
          context,
          orderId,
          `Stripe reported ${session.amount_total} ${session.currency} for an order of ${order.total} ${order.currency}: check before fulfilling.`,
          by,
        )
        return
      }
      if (session.payment_status !== 'paid') {
        await addTimelineRow(req, orderId, {
          ...by,
          type: 'awaiting_payment',
          note: 'Checkout completed; the payment is still being processed.',
        })
        return
      }
      // a full refund that arrived first (events come in any order) wins, and nobody is thanked
      // for a payment that was given back
      if (order.refundedAmount >= order.total) {
        await moveOrder(req, context, orderId, 'refunded', {
          ...by,
          note: 'Paid, and refunded before the payment was reported.',
        })
        return
      }
      if (!(await moveOrder(req, context, orderId, 'paid', by, order)) && order.status === 'cancelled') {
        await flagOrder(
          req,
          context,
          orderId,
          'Paid after it was cancelled: refund it, or fulfil it by hand.',
          by,
        )
      }
      return
    }
    case 'checkout.session.async_payment_failed': {
      const session = event.data.object
      const orderId = orderIdOf(session.metadata, session.client_reference_id)
      if (orderId === undefined) return
      await addTimelineRow(req, orderId, { ...by, type: 'payment_failed' })
      await moveOrder(req, context, orderId, 'cancelled', { ...by, note: 'The payment failed.' })
      return
    }
    case 'checkout.session.expired': {
      const session = event.data.object
      const orderId = orderIdOf(session.metadata, session.client_reference_id)
      if (orderId === undefined) return
      await moveOrder(req, context, orderId, 'cancelled', { ...by, note: 'The checkout expired unpaid.' })
      return
    }
    case 'charge.refunded': {
      const charge = event.data.object
      const orderId = orderIdOf(charge.metadata)
      if (orderId === undefined) return
      const order = await lockOrder(req, context.slugs, orderId)
      if (!order) return
      await recordPaymentFacts(req, context.slugs, orderId, {
        refundedAmount: charge.amount_refunded,
        paymentIntentId: idOf(charge.payment_intent as string | null),
      })
      if (charge.amount_refunded >= order.total && order.status !== 'pending') {
        await moveOrder(req, context, orderId, 'refunded', { ...by, amount: charge.amount_refunded })
      } else {
        await addTimelineRow(req, orderId, {
          ...by,
          type: charge.amount_refunded >= order.total ? 'refunded' : 'partially_refunded',
          amount: charge.amount_refunded,
          note:
            order.status === 'pending'
              ? 'Refund reported before the payment; the order turns refunded when the payment is reported.'
              : `Refunded ${charge.amount_refunded} of ${order.total}.`,
        })
      }
      return
    }
    default:
      return
  }
}
