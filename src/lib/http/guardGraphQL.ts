import {
  buildSchema,
  Kind,
  NoFragmentCyclesRule,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql'

import { errorResponse } from './envelope'
import { FORGOT_PASSWORD_MIN_MS, takingAtLeast } from './evenTiming'

type RouteHandler = (request: Request) => Promise<Response>

// NoFragmentCyclesRule looks at fragments only: any schema will do
const ANY_SCHEMA = buildSchema('type Query { ok: Boolean }')
/** Fields a query may select once its fragments are spread out (Payload's cost limit counts them so). */
export const MAX_EXPANDED_FIELDS = 10_000

/** The posted query, parsed; undefined when it is not JSON with a query (Payload answers that). */
async function postedDocument(request: Request): Promise<DocumentNode | undefined> {
  const type = (request.headers.get('content-type') ?? '').split(';', 1)[0].trim().toLowerCase()
  if (type !== 'application/json') return undefined
  try {
    const body = (await request.clone().json()) as { query?: unknown }
    return typeof body?.query === 'string' ? parse(body.query) : undefined
  } catch {
    return undefined
  }
}

/** How many fields the query selects with every fragment spread out, counted up to `limit`. */
function expandedFields(document: DocumentNode, limit: number): number {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition)
  }
  const sizes = new Map<string, number>()
  const sizeOf = (set: SelectionSetNode | undefined): number => {
    let size = 0
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) size += 1 + sizeOf(selection.selectionSet)
      else if (selection.kind === Kind.INLINE_FRAGMENT) size += sizeOf(selection.selectionSet)
      else {
        const name = selection.name.value
        if (!sizes.has(name)) {
          sizes.set(name, 0) // a cycle (refused before this) counts nothing
          sizes.set(name, sizeOf(fragments.get(name)?.selectionSet))
        }
        size += sizes.get(name)!
      }
      if (size > limit) return size
    }
    return size
  }
  let total = 0
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) total += sizeOf(definition.selectionSet)
    if (total > limit) break
  }
  return total
}

/** Why the query is refused before Payload runs it, if it is. */
function refusal(document: DocumentNode): string | undefined {
  const cycle = validate(ANY_SCHEMA, document, [NoFragmentCyclesRule])[0]?.message
  if (cycle) return cycle
  if (expandedFields(document, MAX_EXPANDED_FIELDS) > MAX_EXPANDED_FIELDS) {
    return `The query selects more than ${MAX_EXPANDED_FIELDS} fields once its fragments are spread out.`
  }
  return undefined
}

const asksForPasswordReset = (document: DocumentNode | undefined) =>
  Boolean(
    document?.definitions.some(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION &&
        definition.operation === 'mutation' &&
        definition.selectionSet.selections.some(
          (selection) => selection.kind === Kind.FIELD && selection.name.value === 'forgotPasswordUser',
        ),
    ),
  )

const SUGGESTION = / Did you mean .+\?$/

/**
 * Payload's GraphQL route with guards of its own:
 * - a query whose fragments spread each other in a cycle, or spread out to more than
 *   MAX_EXPANDED_FIELDS fields, is refused with 400 before Payload's cost rule follows the
 *   fragments (a cycle overflows the stack: a 500 with no body; a fragment bomb takes
 *   exponential time);
 * - `forgotPasswordUser` takes as long for an unknown email as for a known one;
 * - while introspection is off (`hideSuggestions`), errors do not suggest field names ("Did you
 *   mean …"), which would hand out the schema piece by piece.
 */
export function guardGraphQL(handler: RouteHandler, options: { hideSuggestions: boolean }): RouteHandler {
  return async (request) => {
    const document = await postedDocument(request)
    const refused = document && refusal(document)
    if (refused) return errorResponse(400, 'GraphQLError', refused)
    const response = asksForPasswordReset(document)
      ? await takingAtLeast(FORGOT_PASSWORD_MIN_MS, () => handler(request))
      : await handler(request)
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
