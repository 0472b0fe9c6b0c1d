import type { PayloadRequest } from 'payload'

import { BadRequest, PayloadTooLarge } from './errors'
import { checkJsonText, JSON_MAX_BYTES } from './requestBody'

/**
 * Custom endpoints get no parsed body: read it here, with a size limit and a clear 400. (Over
 * HTTP, src/server.ts has already bounded and checked it; this guards every other caller.)
 */
export async function readJsonBody(req: PayloadRequest): Promise<unknown> {
  if (!req.text) return req.data ?? {}
  const declared = Number(req.headers.get('content-length') ?? 0)
  const tooLarge = () =>
    new PayloadTooLarge(`Request body is too large (limit ${JSON_MAX_BYTES / 1024 / 1024} MB).`)
  if (declared > JSON_MAX_BYTES) throw tooLarge()
  const text = await req.text()
  if (Buffer.byteLength(text) > JSON_MAX_BYTES) throw tooLarge()
  if (!text.trim()) return {}
  // the same checks as src/server.ts gives a JSON body, whatever content type it came with
  const problem = checkJsonText(text)
  if (problem) throw new BadRequest(problem.message)
  return JSON.parse(text)
}
