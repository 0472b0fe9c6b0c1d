/** The plugin's collections' slugs and the kinds of timeline row (shared by its endpoints and fields). */
export const ORDER_EVENTS = 'order-events'

export const ORDER_EVENT_TYPES = [
  'created',
  'paid',
  'awaiting_payment',
  'payment_failed',
  'cancelled',
  'refund_requested',
  'partially_refunded',
  'refunded',
  'flagged',
  'in_production',
  'shipped',
  'checkout_failed',
] as const

export const STRIPE_EVENTS = 'stripe-events'
