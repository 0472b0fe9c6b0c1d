import type { FieldAccess } from 'payload'

/** Only system code (overrideAccess) writes the field. */
export const nobodyField: FieldAccess = () => false
