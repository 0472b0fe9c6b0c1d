import type { AfterErrorHook } from 'payload'

/**
 * Payload omits `name` from errors that carry no data (NotFound, Forbidden…); our contract is
 * `{errors: [{name, message, data?}]}` everywhere, so fill it in from the error's class.
 */
export const nameEveryError: AfterErrorHook = ({ error, result }) => {
  if (!result?.errors) return
  const fallback = error?.name && error.name !== 'Error' ? error.name : 'Error'
  return {
    response: {
      ...result,
      errors: result.errors.map((entry) => ({ name: fallback, ...entry })),
    },
  }
}
