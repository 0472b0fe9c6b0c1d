import type { CollectionConfig, PayloadRequest, Where } from 'payload'

import type { CheckoutContext } from '../utilities/context'
import { ORDER_EVENT_TYPES, ORDER_EVENTS, STRIPE_EVENTS } from '../utilities/orderEventTypes'
import { orderIdForToken } from '../utilities/statusToken'

const never = () => false

/**
 * The timeline of an order: one row for every change, by webhook or staff, never edited or
 * deleted. Staff read all; a customer reads their orders' rows; the holder of an order's status
 * link reads that order's.
 */
export const orderEventsCollection = (context: CheckoutContext): CollectionConfig => ({
  slug: ORDER_EVENTS,
  admin: {
    useAsTitle: 'type',
    defaultColumns: ['order', 'type', 'fromStatus', 'toStatus', 'actor', 'createdAt'],
    group: 'Shop',
  },
  access: {
    create: never,
    update: never,
    delete: never,
    read: async ({ req }: { req: PayloadRequest }): Promise<boolean | Where> => {
      if (context.isStaff(req)) return true
      const byToken = await orderIdForToken(req, context)
      const own: Where | undefined = req.user ? { 'order.customer': { equals: req.user.id } } : undefined
      if (byToken !== undefined && own) return { or: [own, { order: { equals: byToken } }] }
      if (byToken !== undefined) return { order: { equals: byToken } }
      return own ?? false
    },
  },
  indexes: [{ fields: ['order', 'createdAt'] }],
  fields: [
    {
      name: 'order',
      type: 'relationship',
      relationTo: context.slugs.orders as 'orders',
      required: true,
      index: true,
    },
    {
      name: 'type',
      type: 'select',
      required: true,
      options: ORDER_EVENT_TYPES.map((value) => ({ label: value, value })),
    },
    { name: 'fromStatus', type: 'text' },
    { name: 'toStatus', type: 'text' },
    {
      name: 'actor',
      type: 'text',
      admin: { description: 'stripe, customer, system, or the staff member’s email' },
    },
    { name: 'user', type: 'relationship', relationTo: 'users' },
    { name: 'stripeEventId', type: 'text', index: true },
    { name: 'amount', type: 'number', admin: { description: 'Minor units (a refund’s amount).' } },
    { name: 'note', type: 'textarea' },
  ],
})

/** Every Stripe event id handled, once: the webhook inserts with ON CONFLICT DO NOTHING. */
export const stripeEventsCollection = (context: CheckoutContext): CollectionConfig => ({
  slug: STRIPE_EVENTS,
  admin: { useAsTitle: 'eventId', group: 'Shop', defaultColumns: ['eventId', 'type', 'createdAt'] },
  access: {
    create: never,
    update: never,
    delete: never,
    read: ({ req }) => context.isStaff(req),
  },
  fields: [
    { name: 'eventId', type: 'text', required: true, unique: true },
    { name: 'type', type: 'text' },
  ],
})
