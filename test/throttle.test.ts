import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { client } from './helpers/api'
import { startCms, type RunningCms } from './helpers/cms'
import { createTestDatabase } from './helpers/db'
import { SEED } from './helpers/constants'
import { startRedis } from './helpers/redis'

/**
 * Failed logins and forgot-password requests are throttled per client IP, per email from one
 * IP (strict) and per email from anywhere (loose), shared through a real Redis, over REST and
 * GraphQL; a stranger's failures never lock the owner out; and what happens when Redis dies.
 */
const PER_EMAIL_AND_IP = 3
const PER_EMAIL = 12
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
      LOGIN_RATE_LIMIT_PER_EMAIL_AND_IP: String(PER_EMAIL_AND_IP),
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
const login = (email: string, password: string, headers: Record<string, string>) =>
  api.rest('POST', '/api/users/login', { body: { email, password }, headers })
const badLogin = (email: string, headers: Record<string, string>) => login(email, 'wrong-password', headers)

describe('login throttling with Redis', () => {
  it('refuses an email from one IP after its failures with 429 and Retry-After, counted in Redis', async () => {
    const headers = internal('198.51.100.1')
    for (let i = 0; i < PER_EMAIL_AND_IP; i++)
      expect((await badLogin('victim@example.com', headers)).status).toBe(401)
    const refused = await badLogin('victim@example.com', headers)
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(refused.body.errors[0]).toMatchObject({
      name: 'TooManyRequests',
      message: expect.stringMatching(/Too many attempts/),
      data: { retryAfterSeconds: expect.any(Number) },
    })
    const keys = await redis.client.keys('rl:auth-per-email-and-ip*')
    expect(keys.some((k) => k.includes('victim@example.com|198.51.100.1'))).toBe(true)
  })

  it("the owner signs in from their own IP after a stranger's failures from another, however many", async () => {
    const stranger = internal('198.51.100.20')
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await badLogin(SEED.customer.email, stranger)).status)
    // the stranger is stopped after the strict per-email-and-IP count…
    expect(statuses).toEqual([401, 401, 401, 429, 429])
    // …and what they try after that no longer counts against the email (its ceiling is 12)
    for (let i = 0; i < PER_EMAIL * 2; i++)
      expect((await badLogin(SEED.customer.email, stranger)).status).toBe(429)
    const owner = await login(SEED.customer.email, SEED.customer.password, internal('203.0.113.20'))
    expect(owner.status).toBe(200)
    expect(owner.body.token).toEqual(expect.any(String))
  })

  it('counts an IPv6 client by its /64 network', async () => {
    const statuses: number[] = []
    for (let i = 0; i < PER_EMAIL_AND_IP + 1; i++) {
      statuses.push(
        (await badLogin('v6@example.com', internal(`2001:db8:1:2::${(i + 1).toString(16)}`))).status,
      )
    }
    expect(statuses).toEqual([401, 401, 401, 429])
    // another /64 is another client
    expect((await badLogin('v6@example.com', internal('2001:db8:1:3::1'))).status).toBe(401)
  })

  it('failures from many IPs stop at the looser per-email ceiling', async () => {
    const email = 'spread@example.com'
    let refusedAt = -1
    for (let i = 0; i < PER_EMAIL + 2 && refusedAt < 0; i++) {
      const res = await badLogin(email, internal(`192.0.2.${i + 1}`))
      if (res.status === 429) refusedAt = i
      else expect(res.status).toBe(401)
    }
    expect(refusedAt).toBe(PER_EMAIL)
  })

  it('successful logins are not counted', async () => {
    const headers = internal('198.51.100.30')
    for (let i = 0; i < PER_EMAIL_AND_IP + 2; i++) {
      expect((await login(SEED.editor.email, SEED.editor.password, headers)).status).toBe(200)
    }
    // the full budget of failures is still there
    for (let i = 0; i < PER_EMAIL_AND_IP; i++)
      expect((await badLogin(SEED.editor.email, headers)).status).toBe(401)
    expect((await badLogin(SEED.editor.email, headers)).status).toBe(429)
  })

  it('counts failures per client IP across emails; the forwarded IP counts only with the internal secret', async () => {
    const headers = internal('198.51.100.2')
    for (let i = 0; i < PER_IP; i++)
      expect((await badLogin(`user${i}@example.com`, headers)).status).toBe(401)
    expect((await badLogin('another@example.com', headers)).status).toBe(429)
    // another customer behind the storefront is not affected
    expect((await badLogin('another@example.com', internal('198.51.100.3'))).status).toBe(401)
    // a forged forwarding header without the secret is ignored: the socket address counts
    const forged = await badLogin('forged@example.com', {
      'x-client-ip': '198.51.100.9',
      'x-internal-secret': 'wrong',
    })
    expect(forged.status).toBe(401)
    const ipKeys = await redis.client.keys('rl:auth-per-ip*')
    expect(ipKeys.some((k) => k.includes('198.51.100.9'))).toBe(false)
    expect(ipKeys.some((k) => k.includes('127.0.0.1'))).toBe(true)
  })

  it('throttles GraphQL loginUser by the same budget', async () => {
    const headers = internal('198.51.100.4')
    const gqlLogin = () =>
      api.gql(
        `mutation { loginUser(email: "gql@example.com", password: "wrong-password") { token } }`,
        {},
        undefined,
        headers,
      )
    for (let i = 0; i < PER_EMAIL_AND_IP; i++) {
      const res = await gqlLogin()
      expect(res.body.errors?.[0].message).not.toMatch(/Too many attempts/)
    }
    const refused = await gqlLogin()
    expect(refused.body.errors?.[0].message).toMatch(/Too many attempts/)
    // REST shares the budget with GraphQL
    expect((await badLogin('gql@example.com', headers)).status).toBe(429)
  })

  it('throttles forgot-password per email and IP, leaving the owner elsewhere free to ask', async () => {
    const forgot = (ip: string) =>
      api.rest('POST', '/api/users/forgot-password', {
        body: { email: 'forgot@example.com' },
        headers: internal(ip),
      })
    for (let i = 0; i < PER_EMAIL_AND_IP; i++) expect((await forgot('198.51.100.6')).status).toBe(200)
    expect((await forgot('198.51.100.6')).status).toBe(429)
    expect((await forgot('203.0.113.6')).status).toBe(200)
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
    for (let i = 0; i < PER_EMAIL_AND_IP; i++)
      expect((await badLogin('memory@example.com', headers)).status).toBe(401)
    expect((await badLogin('memory@example.com', headers)).status).toBe(429)

    const ready = await api.rest('GET', '/api/ready')
    expect(ready.status).toBe(503)
    expect(ready.body.checks.redis.ok).toBe(false)
    // wait for the warning line itself: on a busy machine it may be written after the answers
    const deadline = Date.now() + 10_000
    while (!/Redis unavailable|Redis cache command failed/.test(cms.output()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(cms.output()).toMatch(/Redis unavailable|Redis cache command failed/)
  })
})
