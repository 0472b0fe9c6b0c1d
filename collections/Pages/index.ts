import { lexicalEditor } from '@payloadcms/richtext-lexical'
import type { CollectionConfig } from 'payload'

import { staffField } from '@/access/staff'
import { nobodyField } from '@/access/nobodyField'
import { staffOrOwner } from '@/access/staffOrOwner'
import { staff } from '@/access/staff'
import { PAGE_LAYOUTS } from '@/lib/catalogue'
import { requireUsablePhotos } from '../shared/requireUsablePhotos'
import { keepBodyToText } from './hooks/keepBodyToText'
import { keepLockedPagesLocked } from './hooks/keepLockedPagesLocked'
import { refuseEditsToOrderedPages } from './hooks/refuseEditsToOrderedBooks'

// a page's text is text: nothing in it points at another document (hooks/keepBodyToText)
const TEXT_ONLY = new Set(['upload', 'relationship', 'link'])

/**
 * The pages of a personal book, created from the template's blueprints by personalisation. The
 * `generation` group (status, usage, the owning attempt) is added by the ai-pages plugin.
 */
export const Pages: CollectionConfig = {
  slug: 'pages',
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'book', 'position', 'layout', 'updatedAt'],
    group: 'Books',
  },
  access: {
    // created only by personalisation (system code); never over the public API
    create: staff,
    read: staffOrOwner('owner'),
    update: staffOrOwner('owner'),
    delete: staff,
  },
  indexes: [{ fields: ['book', 'position'], unique: true }],
  hooks: {
    beforeValidate: [requireUsablePhotos('pages', ['photo']), keepBodyToText],
    beforeChange: [keepLockedPagesLocked, refuseEditsToOrderedPages],
  },
  fields: [
    {
      name: 'book',
      type: 'relationship',
      relationTo: 'books',
      required: true,
      index: true,
      access: { create: staffField, update: nobodyField },
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'owner',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      access: { create: staffField, update: nobodyField },
      admin: { readOnly: true, position: 'sidebar' },
    },
    {
      name: 'position',
      type: 'number',
      required: true,
      min: 0,
      access: { create: staffField, update: staffField },
      admin: { position: 'sidebar' },
    },
    {
      name: 'layout',
      type: 'select',
      required: true,
      defaultValue: 'text-only',
      options: PAGE_LAYOUTS.map((value) => ({ label: value, value })),
      access: { create: staffField, update: staffField },
    },
    { name: 'title', type: 'text', maxLength: 160 },
    {
      name: 'body',
      type: 'richText',
      editor: lexicalEditor({
        features: ({ defaultFeatures }) => defaultFeatures.filter((feature) => !TEXT_ONLY.has(feature.key)),
      }),
    },
    { name: 'photo', type: 'upload', relationTo: 'media' },
    {
      name: 'prompt',
      type: 'textarea',
      maxLength: 4000,
      access: { create: staffField, update: staffField },
    },
    {
      name: 'imagePrompt',
      type: 'textarea',
      maxLength: 2000,
      access: { create: staffField, update: staffField },
    },
    {
      name: 'locked',
      type: 'checkbox',
      defaultValue: false,
      access: { create: staffField, update: staffField },
      admin: { description: 'Fixed text from the template: not generated, not editable by the customer.' },
    },
  ],
}
