import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { client, type Auth } from './helpers/api'
import { startCms, type RunningCms } from './helpers/cms'
import { SEED } from './helpers/constants'
import { answersFor, photoForm } from './helpers/fixtures'
import { useCms } from './helpers/harness'
import { startRedis } from './helpers/redis'

/** The shared cache of anonymous reads never serves an edited or unpublished template. */
const h = useCms()
let editor: Auth

beforeAll(async () => {
  editor = { token: await h.api.login(SEED.editor.email, SEED.editor.password) }
})

const listUrl =
  '/api/books?where[kind][equals]=template&where[_status][equals]=published&sort=-createdAt&limit=12&depth=0'

describe('public read cache', () => {
  it('serves repeated anonymous reads from the cache, signed-in reads never', async () => {
    const first = await h.api.rest('GET', listUrl)
    const second = await h.api.rest('GET', listUrl)
    // nothing read this list before: a cold cache
    expect(first.headers.get('x-cache')).toBe('MISS')
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

    const patch = await h.api.rest('PATCH', `/api/books/${id}`, {
      auth: editor,
      body: { title: 'Retitled template' },
    })
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
    const unpublish = await h.api.rest('PATCH', `/api/books/${id}`, {
      auth: editor,
      body: { _status: 'draft' },
    })
    expect(unpublish.status).toBe(200)
    expect((await h.api.rest('GET', `/api/books/${id}?depth=0`)).status).toBe(404)
    const relisted = await h.api.rest('GET', listUrl)
    expect(relisted.body.docs.map((b: any) => b.id)).not.toContain(id)
  })

  it('a draft saved on a published template does not leak to anonymous readers', async () => {
    const list = await h.api.rest('GET', listUrl)
    const { id, title } = list.body.docs[0]
    const draft = await h.api.rest('PATCH', `/api/books/${id}?draft=true`, {
      auth: editor,
      body: { title: 'Secret draft title' },
    })
    expect(draft.status).toBe(200)
    expect((await h.api.rest('GET', `/api/books/${id}?depth=0`)).body.title).toBe(title)
    expect((await h.api.rest('GET', `/api/books/${id}?depth=0&draft=true`)).body.title).toBe(title)
  })
})

describe('the cache forgets only what changed', () => {
  const byId = (id: number, depth = 0) => `/api/books/${id}?depth=${depth}`
  const cacheOf = async (path: string) => (await h.api.rest('GET', path)).headers.get('x-cache')
  /** Reads each path until it is cached (a second read answers HIT). */
  const warm = async (...paths: string[]) => {
    for (const path of paths) {
      await h.api.rest('GET', path)
      expect({ path, cache: await cacheOf(path) }).toEqual({ path, cache: 'HIT' })
    }
  }
  let templates: Array<{ id: number; cover: number; questions: any[] }>

  beforeAll(async () => {
    templates = (await h.api.rest('GET', '/api/books?where[kind][equals]=template&depth=0&limit=10&sort=id'))
      .body.docs
  })

  it("a customer's sign-in, photo upload and personalised book leave cached templates cached", async () => {
    const [a, b] = templates
    await warm(byId(a.id), byId(b.id), byId(a.id, 1), listUrl)
    const customer = { token: await h.api.login(SEED.customer.email, SEED.customer.password) }
    const photo = await h.api.rest('POST', '/api/media', { auth: customer, form: photoForm({ alt: 'me' }) })
    expect(photo.status).toBe(201)
    const answers = answersFor(a, { photo: photo.body.doc.id, date: '2024-01-02', text: 'Kit' })
    const book = await h.api.rest('POST', '/api/books/personalize', {
      auth: customer,
      body: { template: a.id, answers },
    })
    expect(book.status).toBe(201)
    const page = (
      await h.api.rest(
        'GET',
        `/api/pages?where[book][equals]=${book.body.doc.id}&where[locked][equals]=false&limit=1`,
        { auth: customer },
      )
    ).body.docs[0]
    expect(
      (await h.api.rest('PATCH', `/api/pages/${page.id}`, { auth: customer, body: { title: 'Mine' } }))
        .status,
    ).toBe(200)
    for (const path of [byId(a.id), byId(b.id), byId(a.id, 1), listUrl]) {
      expect({ path, cache: await cacheOf(path) }).toEqual({ path, cache: 'HIT' })
    }
  })

  it('editing a template forgets it and the catalogue, not another template', async () => {
    const [a, b] = templates
    await warm(byId(a.id), byId(b.id), listUrl)
    expect(
      (
        await h.api.rest('PATCH', `/api/books/${a.id}`, {
          auth: editor,
          body: { description: 'Freshly written.' },
        })
      ).status,
    ).toBe(200)
    const fresh = await h.api.rest('GET', byId(a.id))
    expect({ cache: fresh.headers.get('x-cache'), description: fresh.body.description }).toEqual({
      cache: 'MISS',
      description: 'Freshly written.',
    })
    expect(await cacheOf(listUrl)).toBe('MISS')
    expect(await cacheOf(byId(b.id))).toBe('HIT')
  })

  it('changing a public cover forgets the templates that show it, not the others', async () => {
    const [a, b] = templates
    await warm(byId(a.id, 1), byId(b.id, 1), byId(b.id))
    expect(
      (
        await h.api.rest('PATCH', `/api/media/${a.cover}`, {
          auth: editor,
          body: { alt: 'A new cover description' },
        })
      ).status,
    ).toBe(200)
    const fresh = await h.api.rest('GET', byId(a.id, 1))
    expect({ cache: fresh.headers.get('x-cache'), alt: fresh.body.cover.alt }).toEqual({
      cache: 'MISS',
      alt: 'A new cover description',
    })
    expect(await cacheOf(byId(b.id, 1))).toBe('HIT')
  })

  it('keys only on what Payload reads: junk and order make no new entry', async () => {
    const [a] = templates
    await warm(`${byId(a.id)}&junk=1`)
    expect(await cacheOf(`${byId(a.id)}&junk=${Math.random()}`)).toBe('HIT')
    // the same list with its parameters in another order, and one Payload does not read
    await warm(
      `/api/books?depth=0&where[kind][equals]=template&limit=12&sort=-createdAt&where[_status][equals]=published&zz=1`,
    )
    expect(await cacheOf(listUrl)).toBe('HIT')
  })

  it('a request that commits nothing forgets nothing', async () => {
    const [a] = templates
    await warm(byId(a.id), listUrl)
    await h.api.rest('POST', `/api/books/access/${a.id}`, { body: {} })
    await h.api.rest('PATCH', `/api/books/${a.id}`, { body: { title: 'Not allowed' } })
    expect(await cacheOf(byId(a.id))).toBe('HIT')
    expect(await cacheOf(listUrl)).toBe('HIT')
  })

  it('concurrent misses for one entry are answered by one fill', async () => {
    const [a] = templates
    expect(
      (await h.api.rest('PATCH', `/api/books/${a.id}`, { auth: editor, body: { description: 'Once more.' } }))
        .status,
    ).toBe(200)
    const stats = async () => (await h.api.rest('GET', '/api/ready')).body.publicCache
    const before = await stats()
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.api.rest('GET', byId(a.id))))
    const after = await stats()
    expect(answers.map((res) => res.body.description)).toEqual(Array(20).fill('Once more.'))
    expect(after.misses - before.misses).toBe(1)
    expect(after.hits - before.hits).toBe(19)
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

    const patch = await a.rest('PATCH', `/api/books/${id}`, {
      auth: { token },
      body: { title: 'Edited on instance A', _status: 'published' },
    })
    expect(patch.status).toBe(200)
    const fresh = await b.rest('GET', `/api/books/${id}?depth=0`)
    expect({ status: fresh.status, title: fresh.body.title }).toEqual({
      status: 200,
      title: 'Edited on instance A',
    })
    expect((await b.rest('GET', listUrl)).body.docs.find((doc: any) => doc.id === id).title).toBe(
      'Edited on instance A',
    )
  })
})
