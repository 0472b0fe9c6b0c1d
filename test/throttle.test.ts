import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { client } from './helpers/api'
import { startCms, type RunningCms } from './helpers/cms'
import { createTestDatabase } from './helpers/db'
import { SEED } from './helpers/constants'
import { startRedis } from './helpers/redis'

/**
 * Login and forgot-password throttling per email and per client IP, shared through a real Redis,
 * over REST and GraphQL; and what happens when Redis dies.
 */
const PER_EMAIL = 3
const PER_IP = 8
let redis: Awaited<ReturnType<typeof startRedis>>
let cms: RunningCms
let drop: () => Promise<void>
let api: ReturnType<typeof client>

beforeAll(async () => {
  redis = await startRedis()
  const db = await createTestDatabase()
  drop = db.drop
  cms = await startCms({
    databaseUrl: db.url,
    env: {
      REDIS_URL: redis.url,
      LOGIN_RATE_LIMIT_PER_EMAIL: String(PER_EMAIL),
      LOGIN_RATE_LIMIT_PER_IP: String(PER_IP),
      LOGIN_RATE_LIMIT_WINDOW_SECONDS: '600',
      LOG_LEVEL: 'warn',
    },
  })
  api = client(cms.url)
})

afterAll(async () => {
  await cms?.stop()
  await redis?.stop()
  await drop?.()
})

const internal = (ip: string) => ({ 'x-client-ip': ip, 'x-internal-secret': 'test-internal-secret' })
const badLogin = (email: string, headers: Record<string, string>) =>
  api.rest('POST', '/api/users/login', { body: { email, password: 'wrong-password' }, headers })

describe('login throttling with Redis', () => {
  it('refuses an email after its budget with 429 and Retry-After, shared through Redis', async () => {
    const headers = internal('198.51.100.1')
    for (let i = 0; i < PER_EMAIL; i++) expect((await badLogin('victim@example.com', headers)).status).toBe(401)
    const refused = await badLogin('victim@example.com', headers)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused.body.errors[0].message).toMatch(/Too many attempts/)
    // even the right password waits: the budget is per email, before Payload checks it
    const keys = await redis.client.keys('rl:auth-email*')
    expect(keys.some((k) => k.includes('victim@example.com'))).toBe(true)
  })

  it('counts per client IP across emails; the forwarded IP counts only with the internal secret', async () => {
    const headers = internal('198.51.100.2')
    for (let i = 0; i < PER_IP; i++) expect((await badLogin(`user${i}@example.com`, headers)).status).toBe(401)
    expect((await badLogin('another@example.com', headers)).status).toBe(429)
    // another customer behind the storefront is not affected
    expect((await badLogin('another@example.com', internal('198.51.100.3'))).status).toBe(401)
    // a forged forwarding header without the secret is ignored: the socket address counts
    const forged = await badLogin('forged@example.com', { 'x-client-ip': '198.51.100.9', 'x-internal-secret': 'wrong' })
    expect(forged.status).toBe(401)
    const ipKeys = await redis.client.keys('rl:auth-ip*')
    expect(ipKeys.some((k) => k.includes('198.51.100.9'))).toBe(false)
    expect(ipKeys.some((k) => k.includes('127.0.0.1'))).toBe(true)
  })

  it('throttles GraphQL loginUser by the same budget', async () => {
    const headers = internal('198.51.100.4')
    const gqlLogin = () =>
      api.gql(`mutation { loginUser(email: "gql@example.com", password: "wrong-password") { token } }`, {}, undefined, headers)
    for (let i = 0; i < PER_EMAIL; i++) {
      const res = await gqlLogin()
      expect(res.body.errors?.[0].message).not.toMatch(/Too many attempts/)
    }
    const refused = await gqlLogin()
    expect(refused.body.errors?.[0].message).toMatch(/Too many attempts/)
    // REST shares the budget with GraphQL
    expect((await badLogin('gql@example.com', internal('198.51.100.5'))).status).toBe(429)
  })

  it('throttles forgot-password too', async () => {
    const headers = internal('198.51.100.6')
    const forgot = () => api.rest('POST', '/api/users/forgot-password', { body: { email: 'forgot@example.com' }, headers })
    for (let i = 0; i < PER_EMAIL; i++) expect((await forgot()).status).toBe(200)
    expect((await forgot()).status).toBe(429)
  })
})

describe('when Redis dies', () => {
  it('keeps serving requests, throttles in memory, reports not ready and logs a warning', async () => {
    await redis.stop()
    const ok = await api.rest('POST', '/api/users/login', {
      body: SEED.customer,
      headers: internal('203.0.113.1'),
    })
    expect(ok.status).toBe(200)
    const catalogue = await api.rest('GET', '/api/books?where[kind][equals]=template&depth=0')
    expect(catalogue.status).toBe(200)
    expect(catalogue.body.totalDocs).toBeGreaterThanOrEqual(3)

    const headers = internal('203.0.113.2')
    for (let i = 0; i < PER_EMAIL; i++) expect((await badLogin('memory@example.com', headers)).status).toBe(401)
    expect((await badLogin('memory@example.com', headers)).status).toBe(429)

    const ready = await api.rest('GET', '/api/ready')
    expect(ready.status).toBe(503)
    expect(ready.body.checks.redis.ok).toBe(false)
    expect(cms.output()).toMatch(/Redis unavailable|Redis cache command failed/)
  })
})
