import { APIError, type PayloadRequest } from 'payload'

const MAX_JSON_BYTES = 256 * 1024

/** Custom endpoints get no parsed body: read it here, with a size limit and a clear 400. */
export async function readJsonBody(req: PayloadRequest): Promise<unknown> {
  if (!req.text) return req.data ?? {}
  const declared = Number(req.headers.get('content-length') ?? 0)
  if (declared > MAX_JSON_BYTES) throw new APIError('Request body is too large.', 413, undefined, true)
  const text = await req.text()
  if (Buffer.byteLength(text) > MAX_JSON_BYTES)
    throw new APIError('Request body is too large.', 413, undefined, true)
  if (!text.trim()) return {}
  try {
    return JSON.parse(text)
  } catch {
    throw new APIError('Request body must be valid JSON.', 400, undefined, true)
  }
}
