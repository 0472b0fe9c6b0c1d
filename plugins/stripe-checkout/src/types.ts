import type { PayloadRequest } from 'payload'

export type CheckoutPluginOptions = {
  /** Keep the schema (collections, fields, task slug) and add nothing else. Default: false. */
  disabled?: boolean
  /** Stripe's secret key (the emulator's `sk_test_…` in development). */
  secretKey?: string
  /** The webhook endpoint's signing secret (`whsec_…`). */
  webhookSecret?: string
  /** Stripe's API base URL, e.g. the local emulator's `http://127.0.0.1:12111`. Default: Stripe's. */
  apiBase?: string
  /** Where the customer lands after paying or cancelling, and what the emailed status link opens. */
  storefrontUrl: string
  /** Signs the order status links (derive it from the app's secret; at least 16 characters). */
  statusTokenSecret: string
  /** The collections it works on. Defaults: `orders`, `books`, `users`. */
  collections?: { orders?: string; books?: string }
  /** Formats sold, and those shipped (a shipping address is asked for). */
  formats?: readonly string[]
  shippedFormats?: readonly string[]
  /** Countries a printed book ships to (ISO codes). Default: US, CA, GB, IE, AU, NZ and the EU's. */
  shippingCountries?: readonly string[]
  /** Minutes a Checkout Session stays open (Stripe: 30 to 1440). Default: 60. */
  sessionMinutes?: number
  /** Most copies of one book in one order. Default: 20. */
  maxQuantity?: number
  /** Who may run the staff actions and read every order. Default: nobody. */
  isStaff?: (req: PayloadRequest) => boolean
  /** Called before a checkout, for the caller; throw (e.g. a 429 APIError) to refuse. */
  rateLimit?: (req: PayloadRequest) => Promise<void>
  /** The shop's name in emails. Default: "Our shop". */
  shopName?: string
}

export const CHECKOUT_DEFAULTS = {
  disabled: false,
  sessionMinutes: 60,
  maxQuantity: 20,
  shopName: 'Our shop',
}

export const DEFAULT_SHIPPING_COUNTRIES = [
  'US',
  'CA',
  'GB',
  'IE',
  'AU',
  'NZ',
  'DE',
  'FR',
  'NL',
  'BE',
  'LU',
  'AT',
  'ES',
  'PT',
  'IT',
  'DK',
  'SE',
  'FI',
] as const
