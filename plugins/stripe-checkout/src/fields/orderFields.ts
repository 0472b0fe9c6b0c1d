import type { CollectionConfig, Field } from 'payload'

import { ORDER_EVENTS } from '../utilities/orderEventTypes'

const systemOnly = { create: () => false, update: () => false }

/** What the plugin keeps on an order besides the app's own fields. */
export const orderFields: Field[] = [
  {
    name: 'flagged',
    type: 'checkbox',
    defaultValue: false,
    index: true,
    access: systemOnly,
    admin: {
      position: 'sidebar',
      readOnly: true,
      description: 'Stripe reported an amount or currency that disagrees with the order.',
    },
  },
  {
    name: 'flagReason',
    type: 'textarea',
    access: systemOnly,
    admin: { position: 'sidebar', readOnly: true, condition: (data) => Boolean(data?.flagged) },
  },
  {
    name: 'refundedAmount',
    type: 'number',
    defaultValue: 0,
    access: systemOnly,
    admin: { position: 'sidebar', readOnly: true, description: 'Minor units refunded so far.' },
  },
  {
    name: 'trackingNumber',
    type: 'text',
    maxLength: 100,
    access: systemOnly,
    admin: { position: 'sidebar', readOnly: true },
  },
  {
    name: 'timeline',
    type: 'join',
    collection: ORDER_EVENTS as 'order-events',
    on: 'order',
    defaultSort: 'createdAt',
    defaultLimit: 50,
    admin: {
      defaultColumns: ['type', 'fromStatus', 'toStatus', 'actor', 'note', 'createdAt'],
      allowCreate: false,
    },
  },
]

/** A book with an active order: its content is final (edits work on a copy). */
export const orderFrozenField: Field = {
  name: 'orderFrozen',
  type: 'checkbox',
  defaultValue: false,
  access: systemOnly,
  admin: {
    position: 'sidebar',
    readOnly: true,
    description: 'Ordered: the pages are final. Edit a copy instead.',
  },
}

export function withFields(collection: CollectionConfig, fields: Field[]): CollectionConfig {
  const names = new Set(collection.fields.map((field) => ('name' in field ? field.name : undefined)))
  return {
    ...collection,
    fields: [...collection.fields, ...fields.filter((field) => !('name' in field) || !names.has(field.name))],
  }
}
