import { randomUUID } from 'node:crypto'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import next from 'next'

import { SOCKET_IP_HEADER } from './lib/clientIp'
import { getEnv } from './lib/env'
import { errorEnvelope } from './lib/http/envelope'
import { bodyLimit, carriesBody, checkBody, readBoundedBody, replayRequest } from './lib/http/requestBody'
import { securityHeaders } from './lib/http/securityHeaders'
import { serveVendorAsset } from './lib/http/vendorAssets'
import { getLogger } from './lib/logger'
import { FILL_HEADER, publicCacheKey, publicCacheStats, readPublicCache } from './lib/publicCache'
import { whenRedisFirstReady } from './lib/redis'
import { runWithRequestContext } from './lib/requestContext'

/**
 * The CMS's HTTP server: Next.js (admin, REST, GraphQL) behind a thin layer that records the
 * socket address for rate limiting (overwriting anything a client sent), gives every request an
 * id and writes one JSON access-log line per request.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const env = getEnv()
const log = getLogger().child({ component: 'http' })
const dev = process.argv.includes('--dev')
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/
// decided at run time (HSTS only for a production deployment), so set here and not in next.config
const headers = securityHeaders(env.isProduction)

const app = next({ dev, dir: root, hostname: '0.0.0.0', port: env.PORT })
const handle = app.getRequestHandler()

await app.prepare()
if (env.REDIS_URL && !(await whenRedisFirstReady())) {
  log.warn('Redis did not answer at start; caches and rate limits are in-process until it does')
}

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint()
  const given = req.headers['x-request-id']
  const requestId = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
  req.headers['x-request-id'] = requestId
  req.headers[SOCKET_IP_HEADER] = req.socket.remoteAddress ?? 'unknown'
  // only this server marks the request that fills a cache entry
  delete req.headers[FILL_HEADER]
  res.setHeader('x-request-id', requestId)
  for (const { key, value } of headers) res.setHeader(key, value)
  res.on('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6
    const line = {
      requestId,
      method: req.method,
      url: req.url,
      status: res.statusCode,
      ms: Math.round(ms * 10) / 10,
    }
    if (res.statusCode >= 500) log.error(line, 'request failed')
    else log.info(line, 'request')
  })
  if (serveVendorAsset(req, res)) return
  void runWithRequestContext({ requestId }, () => serveFromPublicCache(req, res))
    .then((served) => (served ? undefined : withCheckedBody(req, res)))
    .then((checked) => checked && runWithRequestContext({ requestId }, () => handle(checked, res)))
    .catch((err: unknown) => {
      log.error({ requestId, err }, 'unhandled error')
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ errors: [{ name: 'InternalServerError', message: 'Something went wrong.' }] }))
    })
})

/** Misses being filled in this process, by entry key: later misses for the entry wait for it. */
const fills = new Map<string, Promise<void>>()
const FILL_WAIT_MS = 2_000

/**
 * The public read cache's one read layer (src/lib/publicCache.ts): an anonymous read of public
 * content is answered here from the cache, before Next.js. On a miss, one request per entry goes
 * on to Payload marked to fill it (the REST route stores the answer), and concurrent misses for
 * the same entry wait for that fill instead of each reading Payload (single flight).
 */
async function serveFromPublicCache(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' || !req.url?.startsWith('/api/books')) return false
  const key = publicCacheKey({
    method: req.method,
    url: new URL(req.url, 'http://cms.internal'),
    header: (name: string) => {
      const value = req.headers[name]
      return Array.isArray(value) ? value.join(', ') : value
    },
  })
  if (!key) return false
  const stats = publicCacheStats()
  let body = await readPublicCache(key)
  const pending = body === null ? fills.get(key) : undefined
  if (pending) {
    // at most a moment: a fill answering a slow client must not hold the others up
    await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, FILL_WAIT_MS))])
    body = await readPublicCache(key)
    if (body !== null) stats.coalesced++
  }
  if (body !== null) {
    stats.hits++
    res.writeHead(200, { 'content-type': 'application/json', 'x-cache': 'HIT' })
    res.end(body)
    return true
  }
  stats.misses++
  if (!fills.has(key)) {
    let filled!: () => void
    fills.set(key, new Promise<void>((resolve) => (filled = resolve)))
    // the answer has been stored (or was not storable) once it is sent, or the client went away
    res.once('close', () => {
      fills.delete(key)
      filled()
    })
    req.headers[FILL_HEADER] = key
  }
  return false
}

/**
 * Bodies are read here, bounded (413) and checked (400) before Next.js or Payload parse them; the
 * request handed on replays the body from memory. Undefined when this layer already answered.
 */
async function withCheckedBody(
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<http.IncomingMessage | undefined> {
  if (!carriesBody(req)) return req
  const limit = bodyLimit(req, env.MEDIA_MAX_BYTES)
  const read = await readBoundedBody(req, limit)
  const problem = 'problem' in read ? read.problem : await checkBody(req, read.body)
  if (!problem) return replayRequest(req, (read as { body: Buffer }).body)
  res.writeHead(problem.status, { 'content-type': 'application/json' })
  res.end(errorEnvelope(problem.name, problem.message))
  return undefined
}

server.keepAliveTimeout = 65_000

server.listen(env.PORT, '0.0.0.0', () => {
  log.info({ port: env.PORT, dev }, `CMS listening on ${env.CMS_URL}`)
})

let stopping = false
const stop = (signal: string) => {
  if (stopping) return
  stopping = true
  log.info({ signal }, 'CMS stopping')
  const force = setTimeout(() => process.exit(0), 10_000)
  force.unref()
  server.close(() => {
    // Next's close() can wait on its own background work: give it a moment, not the whole budget
    const closed = Promise.race([app.close(), new Promise((resolve) => setTimeout(resolve, 1_000))])
    void closed.finally(() => process.exit(0))
  })
  server.closeIdleConnections()
  // keep-alive clients that never go idle must not hold the stop for the full 10 s
  setTimeout(() => server.closeAllConnections(), 1_500).unref()
}
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))
