import { beforeAll, describe, expect, it } from '@jest/globals'

import type { ApiResponse, Auth } from './helpers/api'
import { SEED } from './helpers/constants'
import { answersFor, photoForm } from './helpers/fixtures'
import { useCms } from './helpers/harness'

/**
 * Sign-up per IP, personalisation per user and per IP, uploads per user: each answers 429 with
 * Retry-After (header and `data.retryAfterSeconds`) in the error envelope once used up.
 */
const h = useCms({
  env: {
    SIGNUP_RATE_LIMIT_PER_IP: '2',
    PERSONALIZE_RATE_LIMIT_PER_USER: '2',
    PERSONALIZE_RATE_LIMIT_PER_IP: '3',
    UPLOAD_RATE_LIMIT_PER_USER: '2',
    RATE_LIMIT_WINDOW_SECONDS: '600',
  },
})

const from = (ip: string) => ({ 'x-client-ip': ip, 'x-internal-secret': 'test-internal-secret' })

function expectThrottled(res: ApiResponse, message: RegExp) {
  expect(res.status).toBe(429)
  const retryAfter = Number(res.headers.get('retry-after'))
  expect(retryAfter).toBeGreaterThan(0)
  expect(res.body.errors[0]).toMatchObject({
    name: 'TooManyRequests',
    message: expect.stringMatching(message),
    data: { retryAfterSeconds: retryAfter },
  })
}

let template: any
let customer: Auth
let editor: Auth

async function signUp(email: string, ip: string) {
  return h.api.rest('POST', '/api/users', {
    body: { email, password: 'a-password-for-limits' },
    headers: from(ip),
  })
}

beforeAll(async () => {
  template = (await h.api.rest('GET', '/api/books?where[slug][equals]=our-wedding-story&depth=0')).body
    .docs[0]
  customer = { token: await h.api.login(SEED.customer.email, SEED.customer.password) }
  editor = { token: await h.api.login(SEED.editor.email, SEED.editor.password) }
})

describe('sign-up', () => {
  it('is limited per client IP', async () => {
    expect((await signUp('limit1@example.com', '198.51.100.10')).status).toBe(201)
    expect((await signUp('limit2@example.com', '198.51.100.10')).status).toBe(201)
    expectThrottled(await signUp('limit3@example.com', '198.51.100.10'), /Too many sign-ups/)
    // another visitor behind the storefront signs up
    expect((await signUp('limit3@example.com', '198.51.100.11')).status).toBe(201)
  })
})

describe('personalisation', () => {
  async function personalize(auth: Auth, ip: string, photo: number) {
    const answers = answersFor(template, {
      photo: photo,
      date: '2020-06-01',
      text: 'Sam',
      requiredOnly: true,
    })
    return h.api.rest('POST', '/api/books/personalize', {
      auth,
      body: { template: template.id, answers },
      headers: from(ip),
    })
  }

  it('is limited per user, and per IP across users', async () => {
    const photo = (await h.api.rest('POST', '/api/media', { auth: customer, form: photoForm({ alt: 'p' }) }))
      .body.doc.id
    expect((await personalize(customer, '198.51.100.20', photo)).status).toBe(201)
    expect((await personalize(customer, '198.51.100.21', photo)).status).toBe(201)
    // a third from yet another IP: the user's own count is used up
    expectThrottled(await personalize(customer, '198.51.100.22', photo), /Too many books/)

    // three new accounts on one IP: the IP's count (3) runs out before theirs (2 each)
    const others: Auth[] = []
    for (const name of ['p1', 'p2']) {
      expect((await signUp(`${name}@example.com`, `203.0.113.${others.length + 40}`)).status).toBe(201)
      others.push({ token: await h.api.login(`${name}@example.com`, 'a-password-for-limits') })
    }
    const photos = await Promise.all(
      others.map(
        async (auth) =>
          (await h.api.rest('POST', '/api/media', { auth, form: photoForm({ alt: 'p' }) })).body.doc.id,
      ),
    )
    expect((await personalize(others[0], '198.51.100.30', photos[0])).status).toBe(201)
    expect((await personalize(others[0], '198.51.100.30', photos[0])).status).toBe(201)
    expect((await personalize(others[1], '198.51.100.30', photos[1])).status).toBe(201)
    expectThrottled(await personalize(others[1], '198.51.100.30', photos[1]), /Too many books/)
  })
})

describe('uploads', () => {
  it('are limited per user; staff are not limited', async () => {
    const fresh = 'uploader@example.com'
    expect((await signUp(fresh, '203.0.113.60')).status).toBe(201)
    const uploader = { token: await h.api.login(fresh, 'a-password-for-limits') }
    expect(
      (await h.api.rest('POST', '/api/media', { auth: uploader, form: photoForm({ alt: 'p' }) })).status,
    ).toBe(201)
    expect(
      (await h.api.rest('POST', '/api/media', { auth: uploader, form: photoForm({ alt: 'p' }) })).status,
    ).toBe(201)
    expectThrottled(
      await h.api.rest('POST', '/api/media', { auth: uploader, form: photoForm({ alt: 'p' }) }),
      /Too many uploads/,
    )
    // a different user still uploads
    for (let i = 0; i < 3; i++) {
      expect(
        (await h.api.rest('POST', '/api/media', { auth: editor, form: photoForm({ alt: 'p' }) })).status,
      ).toBe(201)
    }
  })
})
