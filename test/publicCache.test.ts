import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { client, type Auth } from './helpers/api'
import { startCms, type RunningCms } from './helpers/cms'
import { SEED } from './helpers/constants'
import { useCms } from './helpers/harness'
import { startRedis } from './helpers/redis'

/** The shared cache of anonymous reads never serves an edited or unpublished template. */
const h = useCms()
let editor: Auth

beforeAll(async () => {
  editor = { token: await h.api.login(SEED.editor.email, SEED.editor.password) }
})

const listUrl = '/api/books?where[kind][equals]=template&where[_status][equals]=published&sort=-createdAt&limit=12&depth=0'

describe('public read cache', () => {
  it('serves repeated anonymous reads from the cache, signed-in reads never', async () => {
    const first = await h.api.rest('GET', listUrl)
    const second = await h.api.rest('GET', listUrl)
    expect(first.headers.get('x-cache')).toMatch(/MISS|HIT/)
    expect(second.headers.get('x-cache')).toBe('HIT')
    expect(second.body).toEqual(first.body)
    const signedIn = await h.api.rest('GET', listUrl, { auth: editor })
    expect(signedIn.headers.get('x-cache')).toBeNull()
  })

  it('an edited template is served fresh at once, by id and in the list', async () => {
    const list = await h.api.rest('GET', listUrl)
    const id = list.body.docs[0].id
    await h.api.rest('GET', `/api/books/${id}?depth=0`)
    expect((await h.api.rest('GET', `/api/books/${id}?depth=0`)).headers.get('x-cache')).toBe('HIT')

    const patch = await h.api.rest('PATCH', `/api/books/${id}`, { auth: editor, body: { title: 'Retitled template' } })
    expect(patch.status).toBe(200)
    const byId = await h.api.rest('GET', `/api/books/${id}?depth=0`)
    expect(byId.body.title).toBe('Retitled template')
    const relisted = await h.api.rest('GET', listUrl)
    expect(relisted.body.docs.find((b: any) => b.id === id).title).toBe('Retitled template')
  })

  it('an unpublished template disappears from anonymous reads at once', async () => {
    const list = await h.api.rest('GET', listUrl)
    const id = list.body.docs[1].id
    await h.api.rest('GET', `/api/books/${id}?depth=0`)
    const unpublish = await h.api.rest('PATCH', `/api/books/${id}`, { auth: editor, body: { _status: 'draft' } })
    expect(unpublish.status).toBe(200)
    expect((await h.api.rest('GET', `/api/books/${id}?depth=0`)).status).toBe(404)
    const relisted = await h.api.rest('GET', listUrl)
    expect(relisted.body.docs.map((b: any) => b.id)).not.toContain(id)
  })

  it('a draft saved on a published template does not leak to anonymous readers', async () => {
    const list = await h.api.rest('GET', listUrl)
    const { id, title } = list.body.docs[0]
    const draft = await h.api.rest('PATCH', `/api/books/${id}?draft=true`, { auth: editor, body: { title: 'Secret draft title' } })
    expect(draft.status).toBe(200)
    expect((await h.api.rest('GET', `/api/books/${id}?depth=0`)).body.title).toBe(title)
    expect((await h.api.rest('GET', `/api/books/${id}?depth=0&draft=true`)).body.title).toBe(title)
  })
})

describe('public read cache shared through Redis by two instances', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>
  let first: RunningCms
  let second: RunningCms

  beforeAll(async () => {
    redis = await startRedis()
    first = await startCms({ databaseUrl: h.databaseUrl, env: { REDIS_URL: redis.url } })
    second = await startCms({ databaseUrl: h.databaseUrl, env: { REDIS_URL: redis.url } })
  }, 120_000)

  afterAll(async () => {
    await first?.stop()
    await second?.stop()
    await redis?.stop()
  })

  it('an edit through one instance is never served stale by the other', async () => {
    const a = client(first.url)
    const b = client(second.url)
    const token = await a.login(SEED.editor.email, SEED.editor.password)
    const list = await b.rest('GET', listUrl)
    const id = list.body.docs[0].id
    await b.rest('GET', `/api/books/${id}?depth=0`)
    expect((await b.rest('GET', `/api/books/${id}?depth=0`)).headers.get('x-cache')).toBe('HIT')
    expect((await redis.client.keys('pc:*')).length).toBeGreaterThan(0)

    const patch = await a.rest('PATCH', `/api/books/${id}`, { auth: { token }, body: { title: 'Edited on instance A', _status: 'published' } })
    expect(patch.status).toBe(200)
    const fresh = await b.rest('GET', `/api/books/${id}?depth=0`)
    expect({ status: fresh.status, title: fresh.body.title }).toEqual({ status: 200, title: 'Edited on instance A' })
    expect((await b.rest('GET', listUrl)).body.docs.find((doc: any) => doc.id === id).title).toBe('Edited on instance A')
  })
})
