import type { PayloadRequest } from 'payload'
import type Stripe from 'stripe'

export type Slugs = { orders: string; books: string }

/** Everything the plugin's endpoints, hooks and task share, resolved once from the options. */
export type CheckoutContext = {
  slugs: Slugs
  stripe: () => Stripe
  webhookSecret?: string
  storefrontUrl: string
  statusTokenSecret: string
  formats: readonly string[]
  shippedFormats: readonly string[]
  shippingCountries: readonly string[]
  sessionMinutes: number
  maxQuantity: number
  shopName: string
  isStaff: (req: PayloadRequest) => boolean
  rateLimit?: (req: PayloadRequest) => Promise<void>
}

export const REFUND_TASK = 'stripe-refund'
