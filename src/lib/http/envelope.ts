/**
 * The project's error envelope, `{errors: [{name, message, data?}]}`, for answers given outside
 * Payload (src/server.ts, route wrappers). No Payload import: src/server.ts loads this.
 */
/** The envelope as a JSON string. */
export const errorEnvelope = (name: string, message: string, data?: Record<string, unknown>) =>
  JSON.stringify({ errors: [{ name, message, ...(data ? { data } : {}) }] })

/** The same envelope as a Fetch Response (route handlers). */
export const errorResponse = (
  status: number,
  name: string,
  message: string,
  headers: Record<string, string> = {},
) =>
  new Response(errorEnvelope(name, message), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  })
