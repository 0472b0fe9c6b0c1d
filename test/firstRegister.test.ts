import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import { client } from './helpers/api'
import { startCms, type RunningCms } from './helpers/cms'
import { createTestDatabase } from './helpers/db'

/**
 * A deployment whose database has no user yet (before its seed, or seeded without accounts):
 * Payload's first-register endpoint must not hand the first admin to whoever asks first.
 */
let cms: RunningCms
let drop: () => Promise<void>

beforeAll(async () => {
  const db = await createTestDatabase()
  drop = db.drop
  const sql = new pg.Client({ connectionString: db.url })
  await sql.connect()
  await sql.query('truncate users cascade')
  await sql.end()
  cms = await startCms({ databaseUrl: db.url })
})

afterAll(async () => {
  await cms?.stop()
  await drop?.()
})

describe('first user on an empty users table', () => {
  it('is a customer, whatever roles the public request asks for', async () => {
    const api = client(cms.url)
    const res = await api.rest('POST', '/api/users/first-register', {
      body: { email: 'first@example.com', password: 'first-user-password', roles: ['admin'] },
    })
    expect(res.status).toBe(200)
    const token = await api.login('first@example.com', 'first-user-password')
    const me = await api.rest('GET', '/api/users/me', { auth: { token } })
    expect(me.body.user.roles).toEqual(['customer'])
    const access = await api.rest('GET', '/api/access', { auth: { token } })
    expect(access.body.canAccessAdmin).not.toBe(true)
  })
})
