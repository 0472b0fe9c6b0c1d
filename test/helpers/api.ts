/** Thin HTTP clients for REST and GraphQL with the three ways of being someone. */
export type Auth = { token?: string; apiKey?: string; headers?: Record<string, string> } | undefined

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers }

function authHeaders(auth: Auth): Record<string, string> {
  const headers: Record<string, string> = { ...auth?.headers }
  if (auth?.token) headers.authorization = `JWT ${auth.token}`
  if (auth?.apiKey) headers.authorization = `users API-Key ${auth.apiKey}`
  return headers
}

export function client(baseUrl: string) {
  async function rest<T = any>(
    method: string,
    path: string,
    options: { auth?: Auth; body?: unknown; form?: FormData; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers = { ...authHeaders(options.auth), ...options.headers }
    let body: BodyInit | undefined
    if (options.form) body = options.form
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(options.body)
    }
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body })
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      // non-JSON bodies (files) stay as text
    }
    return { status: res.status, body: parsed as T, headers: res.headers }
  }

  async function gql<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    auth?: Auth,
    headers: Record<string, string> = {},
  ) {
    return rest<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>(
      'POST',
      '/api/graphql',
      {
        auth,
        body: { query, variables },
        headers,
      },
    )
  }

  async function login(email: string, password: string): Promise<string> {
    const res = await rest('POST', '/api/users/login', { body: { email, password } })
    if (res.status !== 200 || !res.body?.token) {
      throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`)
    }
    return res.body.token as string
  }

  return { rest, gql, login }
}
