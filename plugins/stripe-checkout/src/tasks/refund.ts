import type { TaskConfig } from 'payload'
import Stripe from 'stripe'

import { FailNowError } from '@memory-maker/payload-jobs'

import { REFUND_TASK, type CheckoutContext } from '../utilities/context'

type Input = { orderId: number; paymentIntentId: string; amount: number; idempotencyKey: string }

/**
 * A staff refund, sent to Stripe by the worker with its idempotency key (a retried job refunds
 * once). The order turns refunded when Stripe's `charge.refunded` webhook arrives.
 */
export const refundTask = (context: CheckoutContext): TaskConfig<typeof REFUND_TASK> => ({
  slug: REFUND_TASK,
  label: 'Refund an order on Stripe',
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 } },
  inputSchema: [
    { name: 'orderId', type: 'number', required: true },
    { name: 'paymentIntentId', type: 'text', required: true },
    { name: 'amount', type: 'number', required: true },
    { name: 'idempotencyKey', type: 'text', required: true },
  ],
  outputSchema: [{ name: 'refundId', type: 'text' }],
  handler: async ({ input: raw }) => {
    const input = raw as Input
    try {
      const refund = await context.stripe().refunds.create(
        {
          payment_intent: input.paymentIntentId,
          amount: input.amount,
          metadata: { orderId: String(input.orderId) },
        },
        { idempotencyKey: input.idempotencyKey },
      )
      return { output: { refundId: refund.id } }
    } catch (err) {
      if (
        err instanceof Stripe.errors.StripeInvalidRequestError ||
        err instanceof Stripe.errors.StripeCardError
      ) {
        throw new FailNowError(`Stripe refused the refund: ${err.message}`)
      }
      throw err
    }
  },
})
