import type { CollectionConfig } from 'payload'

import { adminsField } from '@/access/admins'
import { admins } from '@/access/admins'
import { nobody } from '@/access/nobody'
import { nobodyField } from '@/access/nobodyField'
import { staff, staffField } from '@/access/staff'
import { staffOrOwner } from '@/access/staffOrOwner'
import { BOOK_FORMATS, CURRENCIES } from '@/lib/catalogue'
import { assignOrderNumber } from './hooks/assignOrderNumber'

export const ORDER_STATUSES = [
  'pending',
  'paid',
  'in_production',
  'shipped',
  'cancelled',
  'refunded',
] as const

/**
 * Orders are created only by the checkout (system code); customers read their own, staff read
 * all, and only the state machine of stripe-checkout moves them.
 */
export const Orders: CollectionConfig = {
  slug: 'orders',
  admin: {
    useAsTitle: 'orderNumber',
    defaultColumns: ['orderNumber', 'customer', 'status', 'total', 'createdAt'],
    group: 'Shop',
  },
  access: {
    create: nobody,
    read: staffOrOwner('customer'),
    update: staff,
    delete: admins,
  },
  indexes: [{ fields: ['customer', 'createdAt'] }],
  hooks: {
    beforeChange: [assignOrderNumber],
  },
  fields: [
    {
      name: 'orderNumber',
      type: 'text',
      unique: true,
      index: true,
      access: { create: nobodyField, update: nobodyField },
      admin: { readOnly: true },
    },
    {
      name: 'customer',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      access: { create: nobodyField, update: nobodyField },
      admin: { readOnly: true },
    },
    { name: 'email', type: 'email', access: { update: nobodyField } },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'pending',
      index: true,
      options: ORDER_STATUSES.map((value) => ({ label: value.replace('_', ' '), value })),
      // moved only through the order state machine (stripe-checkout), never by a plain update
      access: { create: nobodyField, update: nobodyField },
      admin: { position: 'sidebar', readOnly: true },
    },
    {
      name: 'items',
      type: 'array',
      minRows: 1,
      access: { create: nobodyField, update: nobodyField },
      admin: { readOnly: true },
      fields: [
        { name: 'book', type: 'relationship', relationTo: 'books', required: true },
        {
          name: 'format',
          type: 'select',
          required: true,
          options: BOOK_FORMATS.map((value) => ({ label: value, value })),
        },
        { name: 'quantity', type: 'number', required: true, min: 1, max: 100 },
        { name: 'unitAmount', type: 'number', required: true, min: 0 },
        { name: 'title', type: 'text', required: true },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'currency',
          type: 'select',
          required: true,
          defaultValue: 'usd',
          options: CURRENCIES.map((value) => ({ label: value.toUpperCase(), value })),
          access: { create: nobodyField, update: nobodyField },
        },
        { name: 'subtotal', type: 'number', min: 0, access: { create: nobodyField, update: nobodyField } },
        { name: 'total', type: 'number', min: 0, access: { create: nobodyField, update: nobodyField } },
      ],
    },
    {
      name: 'stripe',
      type: 'group',
      access: { read: staffField, create: nobodyField, update: nobodyField },
      admin: { readOnly: true },
      fields: [
        { name: 'checkoutSessionId', type: 'text', unique: true, index: true },
        { name: 'paymentIntentId', type: 'text', index: true },
        { name: 'idempotencyKey', type: 'text' },
      ],
    },
    {
      name: 'shippingAddress',
      type: 'group',
      access: { create: nobodyField, update: adminsField },
      fields: [
        { name: 'name', type: 'text' },
        { name: 'line1', type: 'text' },
        { name: 'line2', type: 'text' },
        { name: 'city', type: 'text' },
        { name: 'postalCode', type: 'text' },
        { name: 'state', type: 'text' },
        { name: 'country', type: 'text', maxLength: 2 },
      ],
    },
    {
      name: 'accessTokenHash',
      type: 'text',
      index: true,
      hidden: true,
      access: { read: nobodyField, create: nobodyField, update: nobodyField },
    },
  ],
}
