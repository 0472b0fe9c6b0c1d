import { describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { client } from './helpers/api'
import { startCms, type RunningCms } from './helpers/cms'
import { SEED } from './helpers/constants'
import { useCms } from './helpers/harness'

/**
 * Nobody learns from sign-up, login or forgot-password whether an email has an account: the
 * answers are the same, and so (within a wide margin) is the time they take. Client errors are
 * logged as info, and the auth cookie is Secure in production.
 */
const h = useCms()

async function sql(query: string, params: unknown[] = []) {
  const db = new pg.Client({ connectionString: h.databaseUrl })
  await db.connect()
  try {
    return await db.query(query, params)
  } finally {
    await db.end()
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now()
  const result = await run()
  return { ms: performance.now() - started, result }
}

describe('sign-up', () => {
  it('answers a registered email exactly as a new one, creates nothing and tells the owner', async () => {
    const fresh = await h.api.rest('POST', '/api/users', {
      body: { email: 'New.Person@example.com', password: 'a-fine-password', name: 'New' },
    })
    const taken = await h.api.rest('POST', '/api/users', {
      body: { email: SEED.customer.email.toUpperCase(), password: 'someone-elses-password', name: 'Mallory' },
    })
    expect(fresh.status).toBe(201)
    expect(taken.status).toBe(fresh.status)
    expect(fresh.body).toEqual({ doc: { email: 'new.person@example.com' }, message: expect.any(String) })
    expect(taken.body).toEqual({ doc: { email: SEED.customer.email }, message: fresh.body.message })

    // the new account works; the registered one kept its password and its name
    expect(await h.api.login('new.person@example.com', 'a-fine-password')).toEqual(expect.any(String))
    await expect(h.api.login(SEED.customer.email, 'someone-elses-password')).rejects.toThrow(/401/)
    const token = await h.api.login(SEED.customer.email, SEED.customer.password)
    const me = await h.api.rest('GET', '/api/users/me', { auth: { token } })
    expect(me.body.user.name).not.toBe('Mallory')

    // the owner is told, by email (queued for the worker)
    const { rows } = await sql(
      "select input from payload_jobs where task_slug = 'send-email' and input->>'to' = $1",
      [SEED.customer.email],
    )
    expect(rows.map((row) => row.input.subject)).toEqual([expect.stringMatching(/tried to sign up/)])
  })

  it('answers invalid input the same way for a registered email as for a new one', async () => {
    for (const body of [
      { password: '' },
      { password: 'ab' },
      { password: 'long-enough', name: 'x'.repeat(500) },
    ]) {
      const fresh = await h.api.rest('POST', '/api/users', { body: { email: 'short@example.com', ...body } })
      const taken = await h.api.rest('POST', '/api/users', { body: { email: SEED.editor.email, ...body } })
      expect(fresh.status).toBe(400)
      expect({ status: taken.status, body: taken.body }).toEqual({ status: fresh.status, body: fresh.body })
    }
    const notText = await h.api.rest('POST', '/api/users', {
      body: { email: 'x@example.com', password: 12345 },
    })
    expect(notText.status).toBe(400)
  })

  it('takes about as long for a registered email as for a new one', async () => {
    const times = { fresh: [] as number[], taken: [] as number[] }
    for (let i = 0; i < 3; i++) {
      times.fresh.push(
        (
          await timed(() =>
            h.api.rest('POST', '/api/users', {
              body: { email: `timing${i}@example.com`, password: 'pw-timing' },
            }),
          )
        ).ms,
      )
      times.taken.push(
        (
          await timed(() =>
            h.api.rest('POST', '/api/users', { body: { email: SEED.admin.email, password: 'pw-timing' } }),
          )
        ).ms,
      )
    }
    // a wide margin: the registered email must not answer in a fraction of the time
    expect(median(times.taken)).toBeGreaterThan(median(times.fresh) * 0.5)
  })

  it('is REST only: an anonymous GraphQL createUser is refused', async () => {
    const res = await h.api.gql(
      'mutation { createUser(data: { email: "gql-signup@example.com", password: "pw-pw-pw-pw", roles: [customer] }) { id } }',
    )
    expect(res.body.errors?.[0].message).toMatch(/not allowed/i)
  })
})

describe('login and forgot-password', () => {
  it('an unknown email takes at least half as long as a wrong password for a real account', async () => {
    const wrong = async (email: string) =>
      (await timed(() => h.api.rest('POST', '/api/users/login', { body: { email, password: 'not-it' } }))).ms
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 5; i++) {
      known.push(await wrong(SEED.editor.email))
      unknown.push(await wrong(`nobody${i}@example.com`))
    }
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5)
  })

  it('both answer alike whether or not the email has an account', async () => {
    const loginKnown = await h.api.rest('POST', '/api/users/login', {
      body: { email: SEED.editor.email, password: 'not-it' },
    })
    const loginUnknown = await h.api.rest('POST', '/api/users/login', {
      body: { email: 'nobody@example.com', password: 'not-it' },
    })
    expect(loginUnknown.status).toBe(loginKnown.status)
    expect(loginUnknown.body).toEqual(loginKnown.body)
    const forgotKnown = await timed(() =>
      h.api.rest('POST', '/api/users/forgot-password', { body: { email: SEED.editor.email } }),
    )
    const forgotUnknown = await timed(() =>
      h.api.rest('POST', '/api/users/forgot-password', { body: { email: 'nobody@example.com' } }),
    )
    expect(forgotUnknown.result.status).toBe(forgotKnown.result.status)
    expect(forgotUnknown.result.body).toEqual(forgotKnown.result.body)
    expect(forgotUnknown.ms).toBeGreaterThan(forgotKnown.ms * 0.5)
  })
})

describe('forgot-password timing', () => {
  it('takes at least as long as the floor for a known email asked twice, over REST and GraphQL', async () => {
    const ask = () =>
      timed(() => h.api.rest('POST', '/api/users/forgot-password', { body: { email: SEED.admin.email } }))
    const first = await ask()
    // within Payload's minimum interval: Payload returns early for the same account
    const second = await ask()
    const unknown = await timed(() =>
      h.api.rest('POST', '/api/users/forgot-password', { body: { email: 'nobody-twice@example.com' } }),
    )
    for (const run of [first, second, unknown]) {
      expect(run.result.status).toBe(200)
      expect(run.ms).toBeGreaterThanOrEqual(395)
    }
    const gql = await timed(() =>
      h.api.gql('mutation { forgotPasswordUser(email: "nobody-gql@example.com") }'),
    )
    expect(gql.result.body.data.forgotPasswordUser).toBe(true)
    expect(gql.ms).toBeGreaterThanOrEqual(395)
  })
})

describe('email addresses', () => {
  it('a customer cannot change their email, and the answer says nothing of the address', async () => {
    const token = await h.api.login(SEED.customer.email, SEED.customer.password)
    const me = (await h.api.rest('GET', '/api/users/me', { auth: { token } })).body.user
    const taken = await h.api.rest('PATCH', `/api/users/${me.id}`, {
      auth: { token },
      body: { email: SEED.editor.email },
    })
    const free = await h.api.rest('PATCH', `/api/users/${me.id}`, {
      auth: { token },
      body: { email: 'free-address@example.com' },
    })
    expect(taken.status).toBe(400)
    expect({ status: free.status, body: free.body }).toEqual({ status: taken.status, body: taken.body })
    const same = await h.api.rest('PATCH', `/api/users/${me.id}`, {
      auth: { token },
      body: { name: 'Casey', email: me.email },
    })
    expect(same.status).toBe(200)
  })
})

describe('quiet, safe defaults', () => {
  it('logs client errors (wrong password, forbidden, invalid) without an error-level line', async () => {
    await h.api.rest('POST', '/api/users/login', { body: { email: SEED.editor.email, password: 'not-it' } })
    await h.api.rest('GET', '/api/users')
    await h.api.rest('POST', '/api/users', { body: { email: 'not-an-email', password: 'x' } })
    await h.api.rest('GET', '/api/books?where[nonexistent][equals]=1')
    const errorLines = h.cms
      .output()
      .split('\n')
      .filter((line) => line.includes('"level":50'))
    expect(errorLines).toEqual([])
  })

  it('the auth cookie is Secure in production, and not on a development machine', async () => {
    const setCookie = async (api: ReturnType<typeof client>) => {
      const res = await api.rest('POST', '/api/users/login', { body: SEED.customer })
      expect(res.status).toBe(200)
      return res.headers.get('set-cookie') ?? ''
    }
    expect(await setCookie(h.api)).not.toMatch(/;\s*Secure/i)
    let production: RunningCms | undefined
    try {
      production = await startCms({
        databaseUrl: h.databaseUrl,
        env: {
          APP_ENV: 'production',
          PAYLOAD_SECRET: 'a-production-secret-for-this-test',
          INTERNAL_API_SECRET: 'test-internal-secret',
          REVALIDATE_SECRET: 'a-revalidate-secret-for-this-test',
          STRIPE_SECRET_KEY: 'sk_test_unused',
          STRIPE_WEBHOOK_SECRET: 'whsec_unused',
        },
      })
      expect(await setCookie(client(production.url))).toMatch(/payload-token=[^;]+;.*Secure/i)
    } finally {
      await production?.stop()
    }
  })
})
