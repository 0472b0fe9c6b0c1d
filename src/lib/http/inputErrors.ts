/**
 * Errors that a caller's input caused deep inside Payload or the database, which Payload would
 * answer with 500: a malformed JSON query parameter (`where`, the multipart `_payload`) and
 * values Postgres refuses (a text in a numeric filter, `like` on a JSON column, a NUL, a number
 * out of range). The one place that decides which of them are the caller's mistake.
 */

// SQLSTATE class 22 (data exception: a value of the wrong form) and the operator or type
// mismatches a filter on the wrong kind of field produces
const CALLER_SQLSTATE = /^(22...|42883|42804)$/

const sqlState = (err: unknown): string | undefined => {
  for (let current = err, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code
    current =
      (current as { cause?: unknown; originalError?: unknown }).cause ??
      (current as { originalError?: unknown }).originalError
  }
  return undefined
}

/** A message for the caller when `err` came from their input; undefined for anything else. */
export function badInputMessage(err: unknown): string | undefined {
  const original = (err as { originalError?: unknown })?.originalError ?? err
  if (original instanceof SyntaxError)
    return 'A JSON value in the request (a "where" or "_payload" parameter) is malformed.'
  const state = sqlState(original)
  if (state && CALLER_SQLSTATE.test(state)) {
    return 'A value in the request does not fit the field it is compared with or stored in (check ids, numbers, dates and filters).'
  }
  return undefined
}
