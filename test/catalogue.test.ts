import { describe, expect, it } from '@jest/globals'

import { useCms } from './helpers/harness'

// info: Payload's line for a caller's mistake (below) is written at info, without a stack
const h = useCms({ env: { LOG_LEVEL: 'info' } })

describe('public catalogue over REST', () => {
  it('lists the seeded published templates to anonymous visitors', async () => {
    const res = await h.api.rest('GET', '/api/books?where[kind][equals]=template&depth=0&limit=12')
    expect(res.status).toBe(200)
    expect(res.body.totalDocs).toBeGreaterThanOrEqual(3)
    for (const book of res.body.docs) {
      expect(book.kind).toBe('template')
      expect(book._status).toBe('published')
      expect(book.questions.length).toBeGreaterThanOrEqual(4)
      expect(book.blueprints.length).toBeGreaterThanOrEqual(10)
      expect(book.blueprints.length).toBeLessThanOrEqual(24)
      expect(book.prices.hardcover).toBeGreaterThan(0)
    }
  })

  it('serves health without the database and readiness with it', async () => {
    const health = await h.api.rest('GET', '/api/health')
    expect(health.status).toBe(200)
    expect(health.body).toEqual({ status: 'ok' })
    const ready = await h.api.rest('GET', '/api/ready')
    expect(ready.status).toBe(200)
    expect(ready.body.checks.database.ok).toBe(true)
  })

  it('sends security headers and a request id', async () => {
    const res = await h.api.rest('GET', '/api/health')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'")
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it("writes Payload's own log lines as JSON that carry the request id, a caller's mistake at info", async () => {
    const requestId = `log-check-${Date.now()}`
    const res = await h.api.rest('GET', '/api/books?where[noSuchField][equals]=1', {
      headers: { 'x-request-id': requestId },
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('x-request-id')).toBe(requestId)
    const payloadLine = () =>
      h.cms
        .output()
        .split('\n')
        .filter((line) => line.includes(requestId))
        .map((line) => JSON.parse(line))
        .find((line) => line.name === 'payload' && /noSuchField/.test(line.msg))
    const deadline = Date.now() + 5_000
    while (!payloadLine() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    expect(payloadLine()).toMatchObject({ level: 30, requestId })
    expect(payloadLine().err).toBeUndefined()
  })
})
