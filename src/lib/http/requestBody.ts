import http from 'node:http'

import busboy from 'busboy'

/**
 * Request bodies are bounded and checked in src/server.ts before Next.js or Payload parse them:
 * a body over its limit is refused with 413 without being read (or as soon as it passes the
 * limit), and JSON that would crash a parser or the database further in (nested too deeply, NUL
 * characters, unpaired surrogates) is refused with 400.
 */
export const JSON_MAX_BYTES = 1024 * 1024
/** Deeper than any document the project stores (Lexical bodies nest about ten levels). */
export const JSON_MAX_DEPTH = 64

export type BodyProblem = {
  status: 400 | 413 | 415
  name: 'BadRequest' | 'PayloadTooLarge' | 'UnsupportedMediaType'
  message: string
}

const bad = (message: string): BodyProblem => ({ status: 400, name: 'BadRequest', message })
const tooLarge = (limit: number): BodyProblem => ({
  status: 413,
  name: 'PayloadTooLarge',
  message: `Request body is too large (limit ${formatBytes(limit)}).`,
})

const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`
    : `${Math.round(bytes / 1024)} KB`

const mediaType = (req: http.IncomingMessage) =>
  (req.headers['content-type'] ?? '').split(';', 1)[0].trim().toLowerCase()

/** Whether Next would read a body from this request. */
export function carriesBody(req: http.IncomingMessage): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined
}

/** Uploads may be as large as the media limit plus their JSON fields; anything else 1 MB. */
export function bodyLimit(req: http.IncomingMessage, mediaMaxBytes: number): number {
  return mediaType(req) === 'multipart/form-data' ? mediaMaxBytes + JSON_MAX_BYTES : JSON_MAX_BYTES
}

/** What the client may still send after a 413 is read and dropped, up to this much. */
const DRAIN_MAX_BYTES = 16 * 1024 * 1024

/**
 * The whole body, or a 413 as soon as it passes `limit` (a declared length over it is judged
 * before anything is read). After a 413 the rest is read and dropped, never kept, so the client
 * sees the answer rather than a broken pipe; a client that sends more than DRAIN_MAX_BYTES
 * beyond that is cut off.
 */
export function readBoundedBody(
  req: http.IncomingMessage,
  limit: number,
): Promise<{ body: Buffer } | { problem: BodyProblem }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    let refused = Number(req.headers['content-length'] ?? 0) > limit
    if (refused) resolve({ problem: tooLarge(limit) })
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (refused) {
        if (size > limit + DRAIN_MAX_BYTES) req.socket.destroy()
        return
      }
      if (size > limit) {
        refused = true
        chunks.length = 0
        resolve({ problem: tooLarge(limit) })
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (!refused) resolve({ body: Buffer.concat(chunks, size) })
    })
    // a client that goes away mid-body: nothing to answer
    req.on('error', () =>
      resolve({ problem: { status: 400, name: 'BadRequest', message: 'The request body was cut off.' } }),
    )
  })
}

// NUL cannot be stored in Postgres text; an unpaired surrogate is silently turned into U+FFFD
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Nesting depth of JSON text, counted without parsing it (strings skipped); stops past `max`. */
function exceedsDepth(text: string, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return false
}

/** The path (`answers.name`) of the first string, key or value, that Postgres cannot store. */
function unstorablePath(value: unknown): string | undefined {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }]
  while (stack.length) {
    const { value: current, path } = stack.pop()!
    if (typeof current === 'string') {
      if (UNSTORABLE.test(current)) return path || '(body)'
    } else if (current && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key
        if (UNSTORABLE.test(key)) return childPath
        stack.push({ value: child, path: childPath })
      }
    }
  }
  return undefined
}

/** JSON text that Payload may parse: an object, bounded in depth, with storable strings. */
export function checkJsonText(text: string, what = 'Request body'): BodyProblem | undefined {
  if (!text.trim()) return undefined
  if (exceedsDepth(text, JSON_MAX_DEPTH))
    return bad(`${what} is nested too deeply (at most ${JSON_MAX_DEPTH} levels).`)
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return bad(`${what} is not valid JSON.`)
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return bad(`${what} must be a JSON object.`)
  const path = unstorablePath(parsed)
  if (path) return bad(`Text at "${path}" contains a NUL character or an unpaired surrogate.`)
  return undefined
}

// control characters have no place in a file name (a NUL breaks every file system call)
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL = /[\u0000-\u001f\u007f]/

/**
 * A multipart body as Payload reads it: files in file parts with a clean name, and `_payload` as
 * JSON. Payload would take a text part named `file` for a client-side upload reference, which
 * this project does not use.
 */
export function checkMultipart(body: Buffer, contentType: string): Promise<BodyProblem | undefined> {
  return new Promise((resolve) => {
    let problem: BodyProblem | undefined
    const note = (found: BodyProblem) => (problem ??= found)
    let parser: busboy.Busboy
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        defParamCharset: 'utf8',
        limits: { fieldSize: JSON_MAX_BYTES, fields: 50, files: 5, parts: 55 },
      })
    } catch {
      return resolve(bad('The multipart body has no boundary.'))
    }
    parser.on('file', (_name, stream, info) => {
      stream.resume()
      if (info.filename && CONTROL.test(info.filename))
        note(bad('The file name contains control characters.'))
    })
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) note(tooLarge(JSON_MAX_BYTES))
      else if (name === 'file') note(bad('Send the image as a file part named "file", not as text.'))
      else if (name === '_payload') {
        const found = checkJsonText(value, 'The _payload field')
        if (found) note(found)
      } else if (UNSTORABLE.test(value))
        note(bad(`Text in "${name}" contains a NUL character or an unpaired surrogate.`))
    })
    // past these Payload would go on reading parts this check never saw
    parser.on('partsLimit', () => note(bad('The upload has too many parts.')))
    parser.on('filesLimit', () => note(bad('The upload has too many files.')))
    parser.on('fieldsLimit', () => note(bad('The upload has too many fields.')))
    parser.on('error', () => resolve(problem ?? bad('The multipart body could not be read.')))
    parser.on('close', () => resolve(problem))
    parser.end(body)
  })
}

/** What is wrong with `body` for this request's content type, if anything. */
export async function checkBody(req: http.IncomingMessage, body: Buffer): Promise<BodyProblem | undefined> {
  const type = mediaType(req)
  if (type === 'application/json') return checkJsonText(body.toString('utf8'))
  if (type === 'multipart/form-data') return checkMultipart(body, String(req.headers['content-type']))
  // Payload hands any other multipart/* to a parser that throws on it
  if (type.includes('multipart/')) {
    return { status: 415, name: 'UnsupportedMediaType', message: 'Send uploads as multipart/form-data.' }
  }
  return undefined
}

/**
 * A request Next.js can read like the original, with the body already in hand: same socket,
 * method, URL and headers (the length now declared), the body replayed from memory.
 */
export function replayRequest(original: http.IncomingMessage, body: Buffer): http.IncomingMessage {
  const copy = new http.IncomingMessage(original.socket)
  copy.method = original.method
  copy.url = original.url
  copy.httpVersion = original.httpVersion
  copy.httpVersionMajor = original.httpVersionMajor
  copy.httpVersionMinor = original.httpVersionMinor
  const headers = { ...original.headers, 'content-length': String(body.length) }
  delete headers['transfer-encoding']
  copy.headers = headers
  copy.rawHeaders = Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value ?? '']).flatMap((one) => [name, one]),
  )
  // the data is all here: never ask the socket for more (it belongs to the original request)
  copy._read = () => undefined
  copy.push(body)
  copy.push(null)
  copy.complete = true
  return copy
}
