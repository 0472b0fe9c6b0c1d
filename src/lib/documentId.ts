// every collection's ids are Postgres `serial` (int4)
const MAX_ID = 2_147_483_647

/**
 * The document id `value` names: a whole number from 1 to int4's largest, given as a number or
 * as its digits (`"12abc"`, `"1.5"`, `1e3` or a 25-digit number name none); undefined otherwise.
 */
export function documentIdFrom(value: unknown): number | undefined {
  const id = typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : value
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 1 && id <= MAX_ID ? id : undefined
}

/**
 * A media relation as a customer may send it, in every form Payload accepts for a single
 * upload field: an id (see `documentIdFrom`) or an object with such an `id` (a populated doc).
 * Returns the id, null to clear the field, or false for anything else (an array, a float, a
 * name), which the caller refuses with a 400.
 */
export function parseMediaId(value: unknown): number | null | false {
  if (value === null || value === '') return null
  const id =
    value && typeof value === 'object' && !Array.isArray(value) ? (value as { id?: unknown }).id : value
  return documentIdFrom(id) ?? false
}
