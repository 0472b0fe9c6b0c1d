// media ids are Postgres `serial` (int4)
const MAX_ID = 2_147_483_647
const isMediaId = (value: number) => Number.isSafeInteger(value) && value >= 1 && value <= MAX_ID

/**
 * A media relation as a customer may send it, in every form Payload accepts for a single
 * upload field: a number, a numeric string, or an object with such an `id` (a populated doc).
 * Returns the id, null to clear the field, or false for anything else (an array, a float, a
 * name), which the caller refuses with a 400.
 */
export function parseMediaId(value: unknown): number | null | false {
  if (value === null || value === '') return null
  if (typeof value === 'number') return isMediaId(value) ? value : false
  if (typeof value === 'string')
    return /^[1-9]\d{0,9}$/.test(value) && isMediaId(Number(value)) ? Number(value) : false
  if (typeof value === 'object' && !Array.isArray(value) && 'id' in value) {
    const { id } = value as { id: unknown }
    return id === null || id === '' ? false : parseMediaId(id)
  }
  return false
}
