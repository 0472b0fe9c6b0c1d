import type { CollectionConfig, Config, Field, PayloadRequest, Where } from 'payload'

import { withDefaults } from '@memory-maker/payload-jobs'

import { orderEventsCollection, stripeEventsCollection } from './collections/orderEvents'
import { checkoutEndpoint } from './endpoints/checkout'
import { orderActionsEndpoint } from './endpoints/orderActions'
import { webhookEndpoint } from './endpoints/webhook'
import { orderFields, orderFrozenField, withFields } from './fields/orderFields'
import { refundTask } from './tasks/refund'
import { CHECKOUT_DEFAULTS, DEFAULT_SHIPPING_COUNTRIES, type CheckoutPluginOptions } from './types'
import type { CheckoutContext } from './utilities/context'
import { orderIdForToken } from './utilities/statusToken'
import { stripeClient } from './utilities/stripeClient'

type ReadAccess = (args: {
  req: PayloadRequest
  id?: number | string
}) => boolean | Where | Promise<boolean | Where>

/**
 * Orders read as before, and also the one order whose status link's `?token=` is given, without
 * a login (nothing else opens with it).
 */
function orWithToken(read: ReadAccess | undefined, context: CheckoutContext): ReadAccess {
  return async (args) => {
    const own = read ? await read(args) : Boolean(args.req.user)
    if (own === true) return true
    const byToken = await orderIdForToken(args.req, context)
    if (byToken === undefined) return own
    const token: Where = { id: { equals: byToken } }
    return own ? { or: [own, token] } : token
  }
}

/** An admin component in the sidebar, by package path (the import map resolves it). */
const uiField = (name: string, component: string): Field => ({
  name,
  type: 'ui',
  admin: {
    position: 'sidebar',
    components: { Field: `@memory-maker/payload-stripe-checkout/client#${component}` },
  },
})

/**
 * `@memory-maker/payload-stripe-checkout`: orders paid through Stripe Checkout (README). Needs
 * `@memory-maker/payload-jobs` (its worker sends the emails and refunds) and
 * `@memory-maker/payload-email`.
 *
 *   plugins: [jobsPlugin(), emailPlugin({ … }), checkoutPlugin({ secretKey, webhookSecret, storefrontUrl, statusTokenSecret })]
 */
export const checkoutPlugin =
  (options: CheckoutPluginOptions) =>
  (incoming: Config): Config => {
    const settings = withDefaults(CHECKOUT_DEFAULTS, options)
    let client: ReturnType<typeof stripeClient> | undefined
    const context: CheckoutContext = {
      slugs: {
        orders: options.collections?.orders ?? 'orders',
        books: options.collections?.books ?? 'books',
      },
      stripe: () => {
        if (!options.secretKey) throw new Error('stripe-checkout: no Stripe secret key is configured')
        client ??= stripeClient(options.secretKey, options.apiBase)
        return client
      },
      webhookSecret: options.webhookSecret,
      storefrontUrl: options.storefrontUrl,
      statusTokenSecret: options.statusTokenSecret,
      formats: options.formats ?? ['hardcover', 'softcover', 'pdf'],
      shippedFormats: options.shippedFormats ?? ['hardcover', 'softcover'],
      shippingCountries: options.shippingCountries ?? DEFAULT_SHIPPING_COUNTRIES,
      sessionMinutes: settings.sessionMinutes,
      maxQuantity: settings.maxQuantity,
      shopName: settings.shopName,
      isStaff: options.isStaff ?? (() => false),
      rateLimit: options.rateLimit,
    }

    // the schema first, whether or not the plugin is on
    const schema = (collection: CollectionConfig): CollectionConfig => {
      if (collection.slug === context.slugs.orders) return withFields(collection, orderFields)
      if (collection.slug === context.slugs.books) return withFields(collection, [orderFrozenField])
      return collection
    }
    const config: Config = {
      ...incoming,
      collections: [
        ...(incoming.collections ?? []).map(schema),
        orderEventsCollection(context),
        stripeEventsCollection(context),
      ],
      jobs: { ...incoming.jobs, tasks: [...(incoming.jobs?.tasks ?? []), refundTask(context)] },
    }
    if (settings.disabled) return config

    return {
      ...config,
      collections: (config.collections ?? []).map((collection) =>
        collection.slug === context.slugs.orders
          ? {
              ...collection,
              access: {
                ...collection.access,
                read: orWithToken(collection.access?.read as ReadAccess, context) as never,
              },
              endpoints: [...(collection.endpoints || []), orderActionsEndpoint(context)],
              fields: [...collection.fields, uiField('orderActions', 'OrderActions')],
            }
          : collection,
      ),
      endpoints: [...(config.endpoints ?? []), checkoutEndpoint(context), webhookEndpoint(context)],
    }
  }

export type { CheckoutPluginOptions } from './types'
export { ORDER_EVENTS, STRIPE_EVENTS } from './utilities/orderEventTypes'
export { REFUND_TASK } from './utilities/context'
export { statusToken, tokenHash } from './utilities/statusToken'
export { TRANSITIONS, type OrderStatus } from './utilities/orderMachine'
export { STRIPE_EMULATOR_SECRET_KEY, STRIPE_EMULATOR_WEBHOOK_SECRET } from './emulator/constants'
