import type { CollectionConfig, Field } from 'payload'

export const PAGE_STATUSES = ['pending', 'queued', 'running', 'done', 'failed', 'skipped'] as const

const systemOnly = { create: () => false, update: () => false }

/**
 * A page's generation state, written only by the plugin (system code): the API reads it and
 * never sets it. `attempt` names the attempt that owns the page (compare-and-set); a late job
 * of an older attempt matches nothing. `regenerations` counts toward the book's budget.
 */
export const generationField: Field = {
  name: 'generation',
  type: 'group',
  access: systemOnly,
  admin: { readOnly: true },
  fields: [
    {
      name: 'status',
      type: 'select',
      defaultValue: 'pending',
      options: PAGE_STATUSES.map((value) => ({ label: value, value })),
    },
    {
      name: 'provider',
      type: 'text',
      admin: { description: '"offline" is the offline writer (no AI provider key).' },
    },
    { name: 'model', type: 'text' },
    { name: 'attempts', type: 'number', defaultValue: 0 },
    { name: 'promptTokens', type: 'number' },
    { name: 'completionTokens', type: 'number' },
    { name: 'costMicros', type: 'number', admin: { description: 'Cost in millionths of a dollar.' } },
    { name: 'error', type: 'textarea' },
    { name: 'generatedAt', type: 'date' },
    { name: 'attempt', type: 'text', admin: { hidden: true } },
    { name: 'regenerations', type: 'number', defaultValue: 0 },
  ],
}

/** A book's generation status, for configs whose books have none of their own. */
export const bookStatusField: Field = {
  name: 'status',
  type: 'select',
  defaultValue: 'draft',
  options: ['draft', 'generating', 'ready'].map((value) => ({ label: value, value })),
  access: systemOnly,
  admin: { position: 'sidebar', readOnly: true },
}

/** Marks the throw-away books of "Try with sample answers" (deleted with the next try or by hand). */
export const trialField: Field = {
  name: 'generationTrial',
  type: 'checkbox',
  defaultValue: false,
  access: systemOnly,
  admin: { hidden: true },
}

const hasField = (collection: CollectionConfig, name: string) =>
  collection.fields.some((field) => 'name' in field && field.name === name)

/** Adds `field` unless the collection already has a field of that name. */
export function withField(collection: CollectionConfig, field: Field & { name: string }): CollectionConfig {
  return hasField(collection, field.name)
    ? collection
    : { ...collection, fields: [...collection.fields, field] }
}
