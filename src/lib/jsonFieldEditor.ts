import type { Field } from 'payload'

/** The admin component for every JSON field: Payload's, with the editor served by the CMS. */
export const JSON_FIELD_COMPONENT = '/src/components/admin/JsonFieldFromCms#JsonFieldFromCms'

/** Gives every JSON field in `fields` (at any depth) the self-hosted editor. */
export function withSelfHostedJsonEditor(fields: Field[]): Field[] {
  return fields.map((field): Field => {
    if (field.type === 'json') {
      return {
        ...field,
        admin: { ...field.admin, components: { ...field.admin?.components, Field: JSON_FIELD_COMPONENT } },
      }
    }
    if (field.type === 'blocks') {
      return {
        ...field,
        blocks: field.blocks.map((block) => ({ ...block, fields: withSelfHostedJsonEditor(block.fields) })),
      }
    }
    if (field.type === 'tabs') {
      return {
        ...field,
        tabs: field.tabs.map((tab) => ({ ...tab, fields: withSelfHostedJsonEditor(tab.fields) })),
      }
    }
    if ('fields' in field && Array.isArray(field.fields)) {
      return { ...field, fields: withSelfHostedJsonEditor(field.fields) } as Field
    }
    return field
  })
}
