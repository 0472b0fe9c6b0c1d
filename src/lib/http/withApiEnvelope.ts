import { errorResponse } from './envelope'

type RouteHandler<A> = (request: Request, args: A) => Promise<Response>

// Payload passes a malformed number on as it is (`limit=abc`) and takes `limit=-1`. `limit=0`
// is Payload's "all of them" (the admin's bulk delete sends it); the public get at most 100.
const NUMBER_PARAMS = { limit: /^\d{1,6}$/, page: /^[1-9]\d{0,8}$/, depth: /^\d{1,2}$/ }
const NUMBER_RULES = { limit: 'from 0', page: 'from 1', depth: 'from 0' }

// Payload's findByID answers `?data=<json>` (or `data[title]=…`) with that data in place of the
// stored document (a live-preview feature)
const DATA_PARAM = /^data(\[|$)/

/**
 * The query a request carries: the URL's, or for Payload's method override (a POST that reads,
 * `X-Payload-HTTP-Method-Override: GET`, which the admin sends) its body as well.
 */
async function queryOf(request: Request): Promise<{ search: URLSearchParams; bodyKeys: string[] }> {
  const search = new URL(request.url).searchParams
  const override =
    request.method === 'POST' &&
    (request.headers.get('x-payload-http-method-override') === 'GET' ||
      request.headers.get('x-http-method-override') === 'GET')
  if (!override) return { search, bodyKeys: [] }
  const type = (request.headers.get('content-type') ?? '').split(';', 1)[0].trim()
  const text = await request.clone().text()
  if (type === 'application/x-www-form-urlencoded') {
    for (const [key, value] of new URLSearchParams(text)) search.append(key, value)
    return { search, bodyKeys: [] }
  }
  try {
    const body = JSON.parse(text) as unknown
    return { search, bodyKeys: body && typeof body === 'object' ? Object.keys(body) : [] }
  } catch {
    return { search, bodyKeys: [] }
  }
}

function malformedNumber(search: URLSearchParams): string | undefined {
  for (const [name, form] of Object.entries(NUMBER_PARAMS) as Array<[keyof typeof NUMBER_PARAMS, RegExp]>) {
    const value = search.get(name)
    if (value !== null && !form.test(value)) return `"${name}" must be a whole number ${NUMBER_RULES[name]}.`
  }
  return undefined
}

/**
 * The REST routes' contract beyond what Payload enforces:
 * - `page` is a whole number from 1, `limit` and `depth` from 0 (400 otherwise);
 * - a document never comes from the query: Payload's findByID answers `?data=<json>` with that
 *   JSON instead of the stored document (a live-preview feature), so the parameter is refused,
 *   in the URL and in the body of a method-override read;
 * - every error answer is in the `{errors: [{name, message}]}` envelope (Payload answers an
 *   unknown route with `{message}`).
 */
export function withApiEnvelope<A>(handler: RouteHandler<A>): RouteHandler<A> {
  return async (request, args) => {
    const { search: searchParams, bodyKeys } = await queryOf(request)
    if ([...searchParams.keys(), ...bodyKeys].some((key) => DATA_PARAM.test(key))) {
      return errorResponse(
        400,
        'BadRequest',
        'The "data" query parameter is not accepted: send documents in the body.',
      )
    }
    const malformed = malformedNumber(searchParams)
    if (malformed) return errorResponse(400, 'BadRequest', malformed)
    const response = await handler(request, args)
    if (response.status < 400 || !(response.headers.get('content-type') ?? '').includes('application/json')) {
      return response
    }
    const text = await response.text()
    let body: { errors?: unknown; message?: unknown } | undefined
    try {
      body = JSON.parse(text)
    } catch {
      // not JSON after all: passed on as it was
    }
    if (!body || Array.isArray(body.errors)) {
      return new Response(text, { status: response.status, headers: response.headers })
    }
    const message = typeof body.message === 'string' ? body.message : 'The request failed.'
    const name = response.status === 404 ? 'NotFound' : 'Error'
    const headers = Object.fromEntries(response.headers.entries())
    delete headers['content-length']
    return errorResponse(response.status, name, message, headers)
  }
}
