import type { CollectionConfig } from 'payload'

import { adminsField } from '@/access/admins'
import { staff, staffField } from '@/access/staff'
import { nobodyField } from '@/access/nobodyField'
import { BOOK_FORMATS, CURRENCIES, OCCASIONS, PAGE_LAYOUTS, QUESTION_TYPES } from '@/lib/catalogue'
import { JSON_FIELD_COMPONENT } from '@/lib/jsonFieldEditor'
import { forgetChangedTemplate, forgetDeletedTemplate } from '../shared/invalidatePublicContent'
import { manageBooks } from './access/manageBooks'
import { readBooks } from './access/readBooks'
import { copyBookEndpoint } from './endpoints/copyBook'
import { personalizeEndpoint } from './endpoints/personalize'
import { deletePagesWithBook } from './hooks/deletePagesWithBook'
import { keepTemplateFieldsOnTemplates } from './hooks/keepTemplateFieldsOnTemplates'
import { prepareTemplate } from './hooks/prepareTemplate'
import { refuseEditsToOrderedBooks } from './hooks/refuseEditsToOrderedBooks'
import { validateAnswersOnChange } from './hooks/validateAnswersOnChange'
import { requireUsablePhotos } from '../shared/requireUsablePhotos'

const isTemplate = (data: Record<string, unknown> | undefined) => data?.kind !== 'personal'
const isPersonal = (data: Record<string, unknown> | undefined) => data?.kind === 'personal'

export const Books: CollectionConfig = {
  slug: 'books',
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'kind', 'occasion', '_status', 'updatedAt'],
    listSearchableFields: ['title', 'slug'],
    group: 'Catalogue',
  },
  versions: {
    drafts: true,
    maxPerDoc: 20,
  },
  access: {
    // templates are created in the admin; personal books only through /api/books/personalize
    create: staff,
    read: readBooks,
    readVersions: staff,
    update: manageBooks,
    delete: manageBooks,
  },
  indexes: [{ fields: ['kind', '_status', 'createdAt'] }, { fields: ['owner', 'kind'] }],
  endpoints: [personalizeEndpoint, copyBookEndpoint],
  hooks: {
    beforeValidate: [prepareTemplate, requireUsablePhotos('books', ['cover']), keepTemplateFieldsOnTemplates],
    beforeChange: [validateAnswersOnChange, refuseEditsToOrderedBooks],
    beforeDelete: [deletePagesWithBook],
    afterChange: [forgetChangedTemplate],
    afterDelete: [forgetDeletedTemplate],
  },
  fields: [
    { name: 'title', type: 'text', required: true, maxLength: 160 },
    {
      name: 'kind',
      type: 'select',
      required: true,
      defaultValue: 'template',
      index: true,
      options: [
        { label: 'Template', value: 'template' },
        { label: 'Personal book', value: 'personal' },
      ],
      access: { create: staffField, update: nobodyField },
      admin: { position: 'sidebar', readOnly: true },
    },
    {
      name: 'slug',
      type: 'text',
      unique: true,
      index: true,
      maxLength: 120,
      admin: {
        position: 'sidebar',
        condition: isTemplate,
        description: 'URL name of the template; filled from the title when left empty.',
      },
      access: { create: staffField, update: staffField },
    },
    {
      type: 'tabs',
      admin: { condition: isTemplate },
      tabs: [
        {
          label: 'Template',
          fields: [
            { name: 'description', type: 'textarea', maxLength: 2000 },
            {
              name: 'occasion',
              type: 'select',
              options: OCCASIONS.map((value) => ({ label: value, value })),
              index: true,
            },
            { name: 'cover', type: 'upload', relationTo: 'media' },
            {
              name: 'prices',
              type: 'group',
              access: { create: staffField, update: staffField },
              fields: [
                {
                  name: 'currency',
                  type: 'select',
                  defaultValue: 'usd',
                  options: CURRENCIES.map((value) => ({ label: value.toUpperCase(), value })),
                },
                ...BOOK_FORMATS.map((format) => ({
                  name: format,
                  type: 'number' as const,
                  min: 0,
                  admin: {
                    description: `Price of the ${format} format in minor units (cents). Empty = not sold.`,
                  },
                })),
              ],
            },
          ],
        },
        {
          label: 'Questions',
          fields: [
            {
              name: 'questions',
              type: 'array',
              maxRows: 40,
              access: { create: staffField, update: staffField },
              admin: { initCollapsed: true },
              fields: [
                {
                  type: 'row',
                  fields: [
                    {
                      name: 'key',
                      type: 'text',
                      required: true,
                      maxLength: 40,
                      admin: { description: 'Used as {{key}} in prompts. Letters, digits, _ only.' },
                      validate: (value: unknown) =>
                        typeof value === 'string' && /^[a-zA-Z][a-zA-Z0-9_]*$/.test(value)
                          ? true
                          : 'Start with a letter; use letters, digits and _ only.',
                    },
                    { name: 'label', type: 'text', required: true, maxLength: 200 },
                    {
                      name: 'type',
                      type: 'select',
                      required: true,
                      defaultValue: 'text',
                      options: QUESTION_TYPES.map((value) => ({ label: value, value })),
                    },
                    { name: 'required', type: 'checkbox', defaultValue: false },
                  ],
                },
                { name: 'help', type: 'text', maxLength: 300 },
                {
                  name: 'options',
                  type: 'text',
                  hasMany: true,
                  maxRows: 30,
                  admin: {
                    condition: (_data, sibling) => sibling?.type === 'choice',
                    description: 'The choices offered for a "choice" question.',
                  },
                },
              ],
            },
          ],
        },
        {
          label: 'Pages',
          fields: [
            {
              name: 'blueprints',
              label: 'Page blueprints',
              type: 'array',
              maxRows: 60,
              access: { create: staffField, update: staffField },
              admin: {
                initCollapsed: true,
                description: 'The pages of the book, in order. Each becomes a page of every personal copy.',
              },
              fields: [
                {
                  type: 'row',
                  fields: [
                    { name: 'title', type: 'text', required: true, maxLength: 160 },
                    {
                      name: 'layout',
                      type: 'select',
                      required: true,
                      defaultValue: 'text-only',
                      options: PAGE_LAYOUTS.map((value) => ({ label: value, value })),
                    },
                  ],
                },
                {
                  name: 'prompt',
                  type: 'textarea',
                  maxLength: 4000,
                  admin: {
                    description: 'What the AI writes for this page. Use {{questionKey}} for answers.',
                  },
                },
                { name: 'imagePrompt', type: 'textarea', maxLength: 2000 },
                {
                  name: 'photoQuestion',
                  type: 'text',
                  maxLength: 40,
                  admin: { description: "Key of a photo question whose answer fills this page's photo." },
                },
                {
                  name: 'fixedText',
                  type: 'textarea',
                  maxLength: 4000,
                  admin: { description: 'When set, the page is locked to this text and not generated.' },
                },
                { name: 'sampleText', type: 'textarea', maxLength: 4000 },
              ],
            },
          ],
        },
      ],
    },
    {
      name: 'template',
      type: 'relationship',
      relationTo: 'books',
      index: true,
      filterOptions: { kind: { equals: 'template' } },
      access: { create: nobodyField, update: nobodyField },
      admin: { condition: isPersonal, readOnly: true },
    },
    {
      name: 'owner',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      access: { create: nobodyField, update: adminsField },
      admin: { condition: isPersonal, position: 'sidebar' },
    },
    {
      name: 'answers',
      type: 'json',
      admin: { condition: isPersonal, components: { Field: JSON_FIELD_COMPONENT } },
    },
    {
      name: 'status',
      type: 'select',
      // its own enum: Payload's drafts column `_status` would otherwise share enum_books_status
      enumName: 'enum_books_book_status',
      defaultValue: 'draft',
      index: true,
      options: [
        { label: 'Draft', value: 'draft' },
        { label: 'Generating', value: 'generating' },
        { label: 'Ready', value: 'ready' },
      ],
      access: { create: nobodyField, update: adminsField },
      admin: { condition: isPersonal, position: 'sidebar' },
    },
  ],
}
