import { buildSchema, NoFragmentCyclesRule, parse, validate, type DocumentNode } from 'graphql'

import { errorResponse } from './envelope'

type RouteHandler = (request: Request) => Promise<Response>

// NoFragmentCyclesRule looks at fragments only: any schema will do
const ANY_SCHEMA = buildSchema('type Query { ok: Boolean }')

/** The first fragment cycle in `query`, as graphql-js words it; undefined when there is none. */
function fragmentCycle(query: string): string | undefined {
  let document: DocumentNode
  try {
    document = parse(query)
  } catch {
    return undefined // a syntax error: Payload answers it properly
  }
  return validate(ANY_SCHEMA, document, [NoFragmentCyclesRule])[0]?.message
}

const SUGGESTION = / Did you mean .+\?$/

/**
 * Payload's GraphQL route with two guards:
 * - a query whose fragments spread each other in a cycle is refused with 400 before Payload's
 *   complexity rule follows the cycle until the stack overflows (a 500 with no body);
 * - while introspection is off (`hideSuggestions`), errors do not suggest field names ("Did you
 *   mean …"), which would hand out the schema piece by piece.
 */
export function guardGraphQL(handler: RouteHandler, options: { hideSuggestions: boolean }): RouteHandler {
  return async (request) => {
    if ((request.headers.get('content-type') ?? '').includes('application/json')) {
      let query: unknown
      try {
        query = ((await request.clone().json()) as { query?: unknown })?.query
      } catch {
        // not JSON: Payload answers it
      }
      const cycle = typeof query === 'string' ? fragmentCycle(query) : undefined
      if (cycle) return errorResponse(400, 'GraphQLError', cycle)
    }
    const response = await handler(request)
    if (!options.hideSuggestions) return response
    const text = await response.text()
    if (!text.includes('Did you mean')) return new Response(text, response)
    const body = JSON.parse(text) as { errors?: Array<{ message?: string }> }
    for (const error of body.errors ?? []) {
      if (typeof error.message === 'string') error.message = error.message.replace(SUGGESTION, '')
    }
    const headers = new Headers(response.headers)
    headers.delete('content-length')
    return new Response(JSON.stringify(body), { status: response.status, headers })
  }
}
