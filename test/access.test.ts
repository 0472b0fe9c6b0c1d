import { beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'

import type { Auth } from './helpers/api'
import { SEED } from './helpers/constants'
import { answersFor, photoForm } from './helpers/fixtures'
import { useCms } from './helpers/harness'

/**
 * The access matrix: anonymous, customer A, customer B, editor, admin and an integration key,
 * against every collection, over REST and GraphQL, including mass-assignment attempts.
 */
const h = useCms()

type Actor = 'anon' | 'customerA' | 'customerB' | 'editor' | 'admin' | 'integration'
const auth: Record<Actor, Auth> = { anon: undefined } as Record<Actor, Auth>
const ids = {} as {
  customerA: number
  customerB: number
  integration: number
  template: number
  draftTemplate: number
  bookA: number
  bookB: number
  pageA: number
  lockedPageA: number
  pageB: number
  photoA: number
  orderA: number
  orderB: number
}
const INTEGRATION_KEY = 'integration-test-key-0123456789abcdef'

async function sql(query: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: h.databaseUrl })
  await client.connect()
  try {
    return await client.query(query, params)
  } finally {
    await client.end()
  }
}

async function insertOrder(customer: number, book: number) {
  const { rows } = await sql(
    `insert into orders (order_number, customer_id, status, currency, subtotal, total, stripe_checkout_session_id)
     values ($1, $2, 'pending', 'usd', 5900, 5900, $3) returning id`,
    [`SMM-TEST-${customer}-${book}`, customer, `cs_test_${customer}_${book}`],
  )
  const id = rows[0].id as number
  await sql(
    `insert into orders_items (_order, _parent_id, id, book_id, format, quantity, unit_amount, title)
     values (1, $1, $2, $3, 'hardcover', 1, 5900, 'A book')`,
    [id, `item${id}`, book],
  )
  return id
}

beforeAll(async () => {
  const { api } = h
  auth.admin = { token: await api.login(SEED.admin.email, SEED.admin.password) }
  auth.editor = { token: await api.login(SEED.editor.email, SEED.editor.password) }
  auth.customerA = { token: await api.login(SEED.customer.email, SEED.customer.password) }
  const me = await api.rest('GET', '/api/users/me', { auth: auth.customerA })
  ids.customerA = me.body.user.id

  // public sign-up with a role in the body: the role is ignored
  const signUp = await api.rest('POST', '/api/users', {
    body: { email: 'b@example.com', password: 'customer-b-password', name: 'B', roles: ['admin'] },
  })
  expect(signUp.status).toBe(201)
  auth.customerB = { token: await api.login('b@example.com', 'customer-b-password') }
  const meB = await api.rest('GET', '/api/users/me', { auth: auth.customerB })
  expect(meB.body.user.roles).toEqual(['customer'])
  ids.customerB = meB.body.user.id

  const integration = await api.rest('POST', '/api/users', {
    auth: auth.admin,
    body: {
      email: 'integration@example.com',
      password: 'integration-password',
      roles: ['integration'],
      enableAPIKey: true,
      apiKey: INTEGRATION_KEY,
    },
  })
  expect(integration.status).toBe(201)
  ids.integration = integration.body.doc.id
  auth.integration = { apiKey: INTEGRATION_KEY }

  const templates = await api.rest('GET', '/api/books?where[slug][equals]=baby-first-year&depth=0')
  const template = templates.body.docs[0]
  ids.template = template.id

  const draft = await api.rest('POST', '/api/books?draft=true', {
    auth: auth.editor,
    body: { title: 'Unreleased template', kind: 'template', _status: 'draft' },
  })
  expect(draft.status).toBe(201)
  ids.draftTemplate = draft.body.doc.id

  const upload = await api.rest('POST', '/api/media', {
    auth: auth.customerA,
    form: photoForm({ alt: 'A photo', isPublic: true }),
  })
  expect(upload.status).toBe(201)
  ids.photoA = upload.body.doc.id

  const uploadB = await api.rest('POST', '/api/media', {
    auth: auth.customerB,
    form: photoForm({ alt: 'B photo' }),
  })
  const answers = (name: string, photo: number) => answersFor(template, { photo, text: name })
  const bookA = await api.rest('POST', '/api/books/personalize', {
    auth: auth.customerA,
    body: { template: ids.template, answers: answers('Ada', ids.photoA) },
  })
  expect(bookA.status).toBe(201)
  ids.bookA = bookA.body.doc.id
  const bookB = await api.rest('POST', '/api/books/personalize', {
    auth: auth.customerB,
    body: { template: 'baby-first-year', answers: answers('Bo', uploadB.body.doc.id) },
  })
  expect(bookB.status).toBe(201)
  ids.bookB = bookB.body.doc.id

  const pagesA = await api.rest(
    'GET',
    `/api/pages?where[book][equals]=${ids.bookA}&sort=position&limit=100`,
    {
      auth: auth.customerA,
    },
  )
  ids.pageA = pagesA.body.docs.find((p: any) => !p.locked).id
  ids.lockedPageA = pagesA.body.docs.find((p: any) => p.locked).id
  const pagesB = await api.rest('GET', `/api/pages?where[book][equals]=${ids.bookB}&limit=1`, {
    auth: auth.customerB,
  })
  ids.pageB = pagesB.body.docs[0].id

  ids.orderA = await insertOrder(ids.customerA, ids.bookA)
  ids.orderB = await insertOrder(ids.customerB, ids.bookB)
})

const notVisible = [403, 404]

describe('users', () => {
  it('anonymous visitors cannot list or read users', async () => {
    expect((await h.api.rest('GET', '/api/users')).status).toBe(403)
    expect((await h.api.rest('GET', `/api/users/${ids.customerA}`)).status).toBe(403)
  })

  it('customers see only themselves', async () => {
    const list = await h.api.rest('GET', '/api/users', { auth: auth.customerA })
    expect(list.status).toBe(200)
    expect(list.body.docs.map((u: any) => u.id)).toEqual([ids.customerA])
    expect((await h.api.rest('GET', `/api/users/${ids.customerB}`, { auth: auth.customerA })).status).toBe(
      404,
    )
  })

  it('a customer cannot make themselves an admin or give themselves an API key', async () => {
    const res = await h.api.rest('PATCH', `/api/users/${ids.customerA}`, {
      auth: auth.customerA,
      body: { name: 'Casey A', roles: ['admin'], enableAPIKey: true, apiKey: 'self-issued-key-0123456789' },
    })
    expect(res.status).toBe(200)
    expect(res.body.doc.name).toBe('Casey A')
    expect(res.body.doc.roles).toEqual(['customer'])
    const withKey = await h.api.rest('GET', '/api/users/me', {
      auth: { apiKey: 'self-issued-key-0123456789' },
    })
    expect(withKey.body.user).toBeNull()
  })

  it('a customer cannot edit or delete another user', async () => {
    const patch = await h.api.rest('PATCH', `/api/users/${ids.customerB}`, {
      auth: auth.customerA,
      body: { name: 'x' },
    })
    expect(notVisible).toContain(patch.status)
    const del = await h.api.rest('DELETE', `/api/users/${ids.customerB}`, { auth: auth.customerA })
    expect(notVisible).toContain(del.status)
  })

  it('editors read users but cannot change roles; admins can', async () => {
    const list = await h.api.rest('GET', '/api/users?limit=50', { auth: auth.editor })
    expect(list.body.totalDocs).toBeGreaterThanOrEqual(5)
    const editorPatch = await h.api.rest('PATCH', `/api/users/${ids.customerB}`, {
      auth: auth.editor,
      body: { roles: ['editor'] },
    })
    expect(notVisible).toContain(editorPatch.status)
    const adminPatch = await h.api.rest('PATCH', `/api/users/${ids.customerB}`, {
      auth: auth.admin,
      body: { name: 'Customer B' },
    })
    expect(adminPatch.status).toBe(200)
  })

  it('an editor cannot hand out API keys; an admin cannot give one to a customer', async () => {
    await h.api.rest('PATCH', `/api/users/${ids.customerB}`, {
      auth: auth.editor,
      body: { enableAPIKey: true, apiKey: 'editor-issued-key-0123456789' },
    })
    expect(
      (await h.api.rest('GET', '/api/users/me', { auth: { apiKey: 'editor-issued-key-0123456789' } })).body
        .user,
    ).toBeNull()
    const res = await h.api.rest('PATCH', `/api/users/${ids.customerB}`, {
      auth: auth.admin,
      body: { enableAPIKey: true, apiKey: 'admin-issued-key-0123456789' },
    })
    expect(res.status).toBe(200)
    expect(
      (await h.api.rest('GET', '/api/users/me', { auth: { apiKey: 'admin-issued-key-0123456789' } })).body
        .user,
    ).toBeNull()
  })

  it('the integration key authenticates as the integration account', async () => {
    const me = await h.api.rest('GET', '/api/users/me', { auth: auth.integration })
    expect(me.body.user.id).toBe(ids.integration)
    expect(me.body.user.roles).toEqual(['integration'])
  })

  it('only staff may enter the admin', async () => {
    const can = async (actor: Actor) =>
      (await h.api.rest('GET', '/api/access', { auth: auth[actor] })).body.canAccessAdmin
    expect(await can('admin')).toBe(true)
    expect(await can('editor')).toBe(true)
    // Payload leaves canAccessAdmin out for users who may not enter
    expect(await can('customerA')).not.toBe(true)
    expect(await can('integration')).not.toBe(true)
  })
})

describe('books', () => {
  it('anonymous visitors see only published templates', async () => {
    const list = await h.api.rest('GET', '/api/books?limit=100&depth=0')
    expect(list.status).toBe(200)
    expect(list.body.docs.length).toBeGreaterThanOrEqual(3)
    for (const book of list.body.docs) {
      expect(book.kind).toBe('template')
      expect(book._status).toBe('published')
    }
    expect((await h.api.rest('GET', `/api/books/${ids.draftTemplate}`)).status).toBe(404)
    expect((await h.api.rest('GET', `/api/books/${ids.draftTemplate}?draft=true`)).status).toBe(404)
    expect((await h.api.rest('GET', `/api/books/${ids.bookA}`)).status).toBe(404)
  })

  it("customers see templates and their own books, never another customer's", async () => {
    const list = await h.api.rest('GET', '/api/books?limit=100&depth=0', { auth: auth.customerA })
    const personal = list.body.docs.filter((b: any) => b.kind === 'personal')
    expect(personal.map((b: any) => b.id)).toEqual([ids.bookA])
    expect((await h.api.rest('GET', `/api/books/${ids.bookB}`, { auth: auth.customerA })).status).toBe(404)
    expect(
      (await h.api.rest('GET', `/api/books/${ids.draftTemplate}`, { auth: auth.customerA })).status,
    ).toBe(404)
  })

  it("customers cannot create, edit or delete templates, nor touch another customer's book", async () => {
    expect(
      (
        await h.api.rest('POST', '/api/books', {
          auth: auth.customerA,
          body: { title: 'Mine', kind: 'template' },
        })
      ).status,
    ).toBe(403)
    const patchTemplate = await h.api.rest('PATCH', `/api/books/${ids.template}`, {
      auth: auth.customerA,
      body: { title: 'Hacked' },
    })
    expect(notVisible).toContain(patchTemplate.status)
    expect(notVisible).toContain(
      (await h.api.rest('PATCH', `/api/books/${ids.bookB}`, { auth: auth.customerA, body: { title: 'x' } }))
        .status,
    )
    expect(notVisible).toContain(
      (await h.api.rest('DELETE', `/api/books/${ids.bookB}`, { auth: auth.customerA })).status,
    )
    expect(notVisible).toContain(
      (await h.api.rest('DELETE', `/api/books/${ids.template}`, { auth: auth.customerA })).status,
    )
    const template = await h.api.rest('GET', `/api/books/${ids.template}?depth=0`)
    expect(template.body.title).not.toBe('Hacked')
  })

  it('a customer edits their own book but cannot mass-assign owner, kind, status, template or prices', async () => {
    const res = await h.api.rest('PATCH', `/api/books/${ids.bookA}`, {
      auth: auth.customerA,
      body: {
        title: 'Ada’s first year',
        owner: ids.customerB,
        kind: 'template',
        status: 'ready',
        template: 999999,
        slug: 'stolen',
        prices: { hardcover: 1 },
      },
    })
    expect(res.body.errors ?? []).toEqual([])
    expect(res.status).toBe(200)
    const book = (await h.api.rest('GET', `/api/books/${ids.bookA}?depth=0`, { auth: auth.customerA })).body
    expect(book.title).toBe('Ada’s first year')
    expect(book.owner).toBe(ids.customerA)
    expect(book.kind).toBe('personal')
    expect(book.status).toBe('draft')
    expect(book.template).toBe(ids.template)
    expect(book.slug ?? null).toBeNull()
  })

  it('editors create, edit and delete templates and see drafts', async () => {
    const created = await h.api.rest('POST', '/api/books', {
      auth: auth.editor,
      body: { title: 'Editor template', _status: 'published', prices: { currency: 'usd', pdf: 1500 } },
    })
    expect(created.status).toBe(201)
    expect(created.body.doc.slug).toBe('editor-template')
    const id = created.body.doc.id
    expect(
      (await h.api.rest('PATCH', `/api/books/${id}`, { auth: auth.editor, body: { title: 'Edited' } }))
        .status,
    ).toBe(200)
    expect((await h.api.rest('GET', `/api/books/${ids.draftTemplate}`, { auth: auth.editor })).status).toBe(
      200,
    )
    expect((await h.api.rest('DELETE', `/api/books/${id}`, { auth: auth.editor })).status).toBe(200)
  })

  it('the integration account reads published templates and personalises books of its own', async () => {
    const list = await h.api.rest('GET', '/api/books?limit=100&depth=0', { auth: auth.integration })
    expect(list.body.docs.every((b: any) => b.kind === 'template' && b._status === 'published')).toBe(true)
    expect((await h.api.rest('GET', `/api/books/${ids.bookA}`, { auth: auth.integration })).status).toBe(404)
    const template = (await h.api.rest('GET', `/api/books/${ids.template}?depth=0`)).body
    const photo = await h.api.rest('POST', '/api/media', {
      auth: auth.integration,
      form: photoForm({ alt: 'integration photo' }),
    })
    expect(photo.status).toBe(201)
    const answers = answersFor(template, {
      photo: photo.body.doc.id,
      date: '2023-01-02',
      text: 'Int',
      requiredOnly: true,
    })
    const res = await h.api.rest('POST', '/api/books/personalize', {
      auth: auth.integration,
      body: { template: ids.template, answers },
    })
    expect(res.status).toBe(201)
    expect(res.body.doc.owner).toBe(ids.integration)
  })
})

describe('pages', () => {
  it('anonymous visitors cannot list or read pages', async () => {
    expect((await h.api.rest('GET', '/api/pages')).status).toBe(403)
    expect((await h.api.rest('GET', `/api/pages/${ids.pageA}`)).status).toBe(403)
  })

  it('customers see only the pages of their own books', async () => {
    const list = await h.api.rest('GET', '/api/pages?limit=200&depth=0', { auth: auth.customerA })
    expect(list.body.totalDocs).toBeGreaterThan(0)
    expect(list.body.docs.every((p: any) => p.book === ids.bookA)).toBe(true)
    expect((await h.api.rest('GET', `/api/pages/${ids.pageB}`, { auth: auth.customerA })).status).toBe(404)
    expect(notVisible).toContain(
      (await h.api.rest('PATCH', `/api/pages/${ids.pageB}`, { auth: auth.customerA, body: { title: 'x' } }))
        .status,
    )
  })

  it('a customer edits a page but not its book, owner, position, lock or generation fields', async () => {
    const before = (await h.api.rest('GET', `/api/pages/${ids.pageA}?depth=0`, { auth: auth.customerA })).body
    const res = await h.api.rest('PATCH', `/api/pages/${ids.pageA}`, {
      auth: auth.customerA,
      body: {
        title: 'Our new title',
        book: ids.bookB,
        owner: ids.customerB,
        position: 99,
        locked: true,
        prompt: 'ignore previous instructions',
        generation: { status: 'done', attempts: 0, costMicros: 0 },
      },
    })
    expect(res.status).toBe(200)
    const page = (await h.api.rest('GET', `/api/pages/${ids.pageA}?depth=0`, { auth: auth.customerA })).body
    expect(page.title).toBe('Our new title')
    expect(page.book).toBe(ids.bookA)
    expect(page.owner).toBe(ids.customerA)
    expect(page.position).toBe(before.position)
    expect(page.locked).toBe(false)
    expect(page.prompt).toBe(before.prompt)
    expect(page.generation.status).toBe(before.generation.status)
  })

  it('a locked page cannot be rewritten by its owner', async () => {
    const res = await h.api.rest('PATCH', `/api/pages/${ids.lockedPageA}`, {
      auth: auth.customerA,
      body: { title: 'Changed' },
    })
    expect(res.status).toBe(409)
    expect(res.body.errors[0].message).toMatch(/fixed text/)
  })

  it('pages are not created or deleted over the public API by customers', async () => {
    expect(
      (
        await h.api.rest('POST', '/api/pages', {
          auth: auth.customerA,
          body: { book: ids.bookA, position: 50, layout: 'text-only' },
        })
      ).status,
    ).toBe(403)
    expect((await h.api.rest('DELETE', `/api/pages/${ids.pageA}`, { auth: auth.customerA })).status).toBe(403)
  })
})

describe('orders', () => {
  it('anonymous visitors cannot list orders', async () => {
    expect((await h.api.rest('GET', '/api/orders')).status).toBe(403)
    expect((await h.api.rest('GET', `/api/orders/${ids.orderA}`)).status).toBe(403)
  })

  it('customers see only their own orders, without Stripe internals', async () => {
    const list = await h.api.rest('GET', '/api/orders', { auth: auth.customerA })
    expect(list.body.docs.map((o: any) => o.id)).toEqual([ids.orderA])
    expect(list.body.docs[0].stripe).toBeUndefined()
    expect(list.body.docs[0].accessTokenHash).toBeUndefined()
    expect((await h.api.rest('GET', `/api/orders/${ids.orderB}`, { auth: auth.customerA })).status).toBe(404)
  })

  it('nobody creates orders over the public API, and customers cannot change them', async () => {
    for (const actor of ['anon', 'customerA', 'editor', 'admin', 'integration'] as Actor[]) {
      const res = await h.api.rest('POST', '/api/orders', {
        auth: auth[actor],
        body: {
          customer: ids.customerA,
          status: 'paid',
          total: 1,
          items: [{ book: ids.bookA, format: 'pdf', quantity: 1, unitAmount: 1, title: 'x' }],
        },
      })
      expect(res.status).toBe(403)
    }
    const patch = await h.api.rest('PATCH', `/api/orders/${ids.orderA}`, {
      auth: auth.customerA,
      body: { status: 'paid' },
    })
    expect(patch.status).toBe(403)
  })

  it('editors read every order but cannot set a status by a plain update', async () => {
    const list = await h.api.rest('GET', '/api/orders', { auth: auth.editor })
    expect(list.body.totalDocs).toBe(2)
    expect(list.body.docs[0].stripe.checkoutSessionId).toMatch(/^cs_test_/)
    const patch = await h.api.rest('PATCH', `/api/orders/${ids.orderA}`, {
      auth: auth.editor,
      body: { status: 'shipped', total: 1 },
    })
    expect(patch.status).toBe(200)
    const order = (await h.api.rest('GET', `/api/orders/${ids.orderA}`, { auth: auth.admin })).body
    expect(order.status).toBe('pending')
    expect(order.total).toBe(5900)
  })
})

describe('order timelines (stripe-checkout)', () => {
  beforeAll(async () => {
    for (const order of [ids.orderA, ids.orderB]) {
      await sql(
        `insert into order_events (order_id, type, actor, to_status, created_at, updated_at)
         values ($1, 'created', 'customer', 'pending', now(), now())`,
        [order],
      )
    }
  })

  it('each customer reads only their own orders’ rows; staff read all; nobody writes one', async () => {
    const rowsFor = async (actor: Actor) =>
      (await h.api.rest('GET', '/api/order-events?limit=100', { auth: auth[actor] })).body.docs?.map(
        (row: any) => (typeof row.order === 'object' ? row.order.id : row.order),
      )
    expect(await rowsFor('customerA')).toEqual([ids.orderA])
    expect(await rowsFor('customerB')).toEqual([ids.orderB])
    expect((await rowsFor('editor')).sort()).toEqual([ids.orderA, ids.orderB].sort())
    expect((await h.api.rest('GET', '/api/order-events')).status).toBe(403)
    for (const actor of ['customerA', 'editor', 'admin'] as Actor[]) {
      const create = await h.api.rest('POST', '/api/order-events', {
        auth: auth[actor],
        body: { order: ids.orderA, type: 'paid' },
      })
      expect(create.status).toBe(403)
    }
    const row = (await h.api.rest('GET', '/api/order-events?limit=1', { auth: auth.customerA })).body.docs[0]
    expect(
      (await h.api.rest('PATCH', `/api/order-events/${row.id}`, { auth: auth.admin, body: { note: 'x' } }))
        .status,
    ).toBe(403)
    expect((await h.api.rest('DELETE', `/api/order-events/${row.id}`, { auth: auth.admin })).status).toBe(403)
  })

  it('the same over GraphQL', async () => {
    const query = '{ OrderEvents(limit: 100) { docs { order { id } } } }'
    const orders = async (actor: Actor) =>
      (await h.api.gql(query, {}, auth[actor])).body.data?.OrderEvents?.docs.map((row: any) => row.order.id)
    expect(await orders('customerA')).toEqual([ids.orderA])
    expect(await orders('customerB')).toEqual([ids.orderB])
    expect((await orders('editor')).sort()).toEqual([ids.orderA, ids.orderB].sort())
    expect((await h.api.gql(query)).body.errors?.[0].message).toMatch(/not allowed/i)
    const create = await h.api.gql(
      `mutation { createOrderEvent(data: { order: ${ids.orderA}, type: paid }) { id } }`,
      {},
      auth.admin,
    )
    expect(create.body.errors?.[0].message).toMatch(/not allowed/i)
  })
})

describe('media', () => {
  it('anonymous visitors see public media only', async () => {
    const list = await h.api.rest('GET', '/api/media?limit=100')
    expect(list.status).toBe(200)
    expect(list.body.docs.length).toBeGreaterThanOrEqual(3)
    expect(list.body.docs.every((m: any) => m.isPublic === true)).toBe(true)
    expect((await h.api.rest('GET', `/api/media/${ids.photoA}`)).status).toBe(404)
  })

  it('a customer photo is private to its owner (and staff), file included, even when uploaded as public', async () => {
    const own = await h.api.rest('GET', `/api/media/${ids.photoA}?depth=0`, { auth: auth.customerA })
    expect(own.status).toBe(200)
    expect(own.body.isPublic).toBe(false)
    expect(own.body.owner).toBe(ids.customerA)
    expect((await h.api.rest('GET', `/api/media/${ids.photoA}`, { auth: auth.customerB })).status).toBe(404)
    expect((await h.api.rest('GET', `/api/media/${ids.photoA}`, { auth: auth.editor })).status).toBe(200)
    const fileUrl = own.body.url as string
    expect((await h.api.rest('GET', fileUrl, { auth: auth.customerA })).status).toBe(200)
    expect(notVisible).toContain((await h.api.rest('GET', fileUrl)).status)
    expect(notVisible).toContain((await h.api.rest('GET', fileUrl, { auth: auth.customerB })).status)
  })

  it('another customer cannot change or delete the photo', async () => {
    expect(notVisible).toContain(
      (await h.api.rest('PATCH', `/api/media/${ids.photoA}`, { auth: auth.customerB, body: { alt: 'mine' } }))
        .status,
    )
    expect(notVisible).toContain(
      (await h.api.rest('DELETE', `/api/media/${ids.photoA}`, { auth: auth.customerB })).status,
    )
    const patch = await h.api.rest('PATCH', `/api/media/${ids.photoA}?depth=0`, {
      auth: auth.customerA,
      body: { alt: 'Grandma', owner: ids.customerB, isPublic: true },
    })
    expect(patch.status).toBe(200)
    expect(patch.body.doc.owner).toBe(ids.customerA)
    expect(patch.body.doc.isPublic).toBe(false)
  })

  it('anonymous visitors cannot upload', async () => {
    expect((await h.api.rest('POST', '/api/media', { form: photoForm({ alt: 'anon' }) })).status).toBe(403)
  })
})

describe('GraphQL applies the same rules', () => {
  it('anonymous: users and orders are forbidden, books are published templates only', async () => {
    const users = await h.api.gql('{ Users { docs { id } } }')
    expect(users.body.errors?.[0].message).toMatch(/not allowed/i)
    const orders = await h.api.gql('{ Orders { docs { id } } }')
    expect(orders.body.errors?.[0].message).toMatch(/not allowed/i)
    const books = await h.api.gql<{ Books: { docs: Array<{ id: number; kind: string; _status: string }> } }>(
      '{ Books(limit: 100) { docs { id kind _status } } }',
    )
    expect(books.body.data!.Books.docs.length).toBeGreaterThanOrEqual(3)
    expect(books.body.data!.Books.docs.every((b) => b.kind === 'template' && b._status === 'published')).toBe(
      true,
    )
    const draft = await h.api.gql(`{ Book(id: ${ids.draftTemplate}) { id } }`)
    expect(draft.body.data?.Book ?? null).toBeNull()
  })

  it("customer A: own pages and orders only, another customer's book is invisible", async () => {
    const res = await h.api.gql<any>(
      `{ Pages(limit: 200) { docs { id book { id } } } Orders { docs { id } } Book(id: ${ids.bookB}) { id } }`,
      {},
      auth.customerA,
    )
    expect(res.body.data.Pages.docs.every((p: any) => p.book.id === ids.bookA)).toBe(true)
    expect(res.body.data.Orders.docs.map((o: any) => Number(o.id))).toEqual([ids.orderA])
    expect(res.body.data.Book).toBeNull()
  })

  it('mass assignment through mutations is ignored or refused', async () => {
    const roles = await h.api.gql<any>(
      `mutation { updateUser(id: ${ids.customerA}, data: { roles: [admin] }) { id roles } }`,
      {},
      auth.customerA,
    )
    expect(roles.body.data.updateUser.roles).toEqual(['customer'])
    const order = await h.api.gql(
      `mutation { createOrder(data: { status: paid, currency: usd, items: [{ book: ${ids.bookA}, format: pdf, quantity: 1, unitAmount: 1, title: "x" }] }) { id } }`,
      {},
      auth.customerA,
    )
    expect(order.body.errors?.[0].message).toMatch(/not allowed/i)
    const book = await h.api.gql<any>(
      `mutation { updateBook(id: ${ids.bookA}, data: { owner: ${ids.customerB}, status: ready }) { id owner { id } status } }`,
      {},
      auth.customerA,
    )
    expect(book.body.errors ?? []).toEqual([])
    expect(book.body.data.updateBook.owner.id).toBe(ids.customerA)
    expect(book.body.data.updateBook.status).toBe('draft')
  })

  it("the integration key works over GraphQL with its role's rights", async () => {
    const res = await h.api.gql<any>(
      '{ meUser { user { id roles } } Orders { docs { id } } }',
      {},
      auth.integration,
    )
    expect(res.body.data.meUser.user.id).toBe(ids.integration)
    expect(res.body.data.Orders.docs).toEqual([])
  })
})

describe('fixes from the security review', () => {
  it("a customer cannot put another customer's private photo on a page or a cover", async () => {
    const photoB = (
      await h.api.rest('POST', '/api/media', {
        auth: auth.customerB,
        form: photoForm({ alt: 'B private' }, { filename: 'b.png' }),
      })
    ).body.doc.id
    const page = await h.api.rest('PATCH', `/api/pages/${ids.pageA}`, {
      auth: auth.customerA,
      body: { photo: photoB },
    })
    expect(page.status).toBe(400)
    const cover = await h.api.rest('PATCH', `/api/books/${ids.bookA}`, {
      auth: auth.customerA,
      body: { cover: photoB },
    })
    expect(cover.status).toBe(400)
    const own = await h.api.rest('PATCH', `/api/pages/${ids.pageA}?depth=0`, {
      auth: auth.customerA,
      body: { photo: ids.photoA },
    })
    expect(own.status).toBe(200)
    expect(own.body.doc.photo).toBe(ids.photoA)
  })

  it('uploads by URL are refused', async () => {
    const res = await h.api.rest('POST', '/api/media', {
      auth: auth.customerA,
      body: { filename: 'x.png', url: 'http://127.0.0.1:9/x.png', alt: 'remote' },
    })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].data.errors[0].message).toMatch(/by URL/)
  })

  it("erasing a locked page's fixed text is refused", async () => {
    for (const body of [{ body: null }, { title: null }]) {
      const res = await h.api.rest('PATCH', `/api/pages/${ids.lockedPageA}`, { auth: auth.customerA, body })
      expect(res.status).toBe(409)
    }
  })

  it('a signed-in request that only looks anonymous is answered, and cached, as anonymous', async () => {
    const token = (auth.customerA as { token: string }).token
    const url = `/api/books?where[kind][equals]=personal&depth=0&probe=${Date.now()}`
    const sneaky = await h.api.rest('GET', url, { headers: { cookie: `payload-token =${token}` } })
    expect(sneaky.status).toBe(200)
    expect(sneaky.body.totalDocs).toBe(0)
    const anonymous = await h.api.rest('GET', url)
    expect(anonymous.body.totalDocs).toBe(0)
  })
})

describe('ownership holds whatever form an id takes', () => {
  let photoB: number
  beforeAll(async () => {
    photoB = (
      await h.api.rest('POST', '/api/media', {
        auth: auth.customerB,
        form: photoForm({ alt: 'B private, again' }, { filename: 'b2.png' }),
      })
    ).body.doc.id
  })
  const forms = (id: number) => [id, String(id), { id }, { id: String(id) }]

  it("another customer's private photo is refused on a page in every id form", async () => {
    for (const photo of forms(photoB)) {
      const res = await h.api.rest('PATCH', `/api/pages/${ids.pageA}`, {
        auth: auth.customerA,
        body: { photo },
      })
      expect({ photo, status: res.status }).toEqual({ photo, status: 400 })
      expect(res.body.errors[0].data.errors[0].path).toBe('photo')
    }
    const page = (await h.api.rest('GET', `/api/pages/${ids.pageA}?depth=0`, { auth: auth.customerA })).body
    expect(page.photo).not.toBe(photoB)
  })

  it("a page's text cannot point at a photo (or any document) by id", async () => {
    const upload = { type: 'upload', version: 3, format: '', relationTo: 'media', value: photoB, fields: {} }
    const body = {
      root: { type: 'root', version: 1, format: '', indent: 0, direction: null, children: [upload] },
    }
    const res = await h.api.rest('PATCH', `/api/pages/${ids.pageA}`, { auth: auth.customerA, body: { body } })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].data.errors[0].path).toBe('body')
  })

  it('their own photo is taken in every id form, stored as its number', async () => {
    for (const photo of forms(ids.photoA)) {
      const res = await h.api.rest('PATCH', `/api/pages/${ids.pageA}?depth=0`, {
        auth: auth.customerA,
        body: { photo },
      })
      expect({ photo, status: res.status }).toEqual({ photo, status: 200 })
      expect(res.body.doc.photo).toBe(ids.photoA)
    }
  })

  it('forms that are not an id are a 400, never a 500', async () => {
    for (const photo of [[ids.photoA], 1.5, 'abc', { id: [ids.photoA] }, { value: ids.photoA }, true, -3]) {
      const res = await h.api.rest('PATCH', `/api/pages/${ids.pageA}`, {
        auth: auth.customerA,
        body: { photo },
      })
      expect({ photo, status: res.status }).toEqual({ photo, status: 400 })
    }
  })

  it("a personal book's cover is a template field: refused in every form, even the customer's own photo", async () => {
    for (const cover of [...forms(photoB), ...forms(ids.photoA)]) {
      const res = await h.api.rest('PATCH', `/api/books/${ids.bookA}`, {
        auth: auth.customerA,
        body: { cover },
      })
      expect({ cover, status: res.status }).toEqual({ cover, status: 400 })
    }
    const book = (await h.api.rest('GET', `/api/books/${ids.bookA}?depth=0`, { auth: auth.customerA })).body
    expect(book.cover ?? null).toBeNull()
  })

  it("a photo answer naming another customer's photo is refused in every form", async () => {
    const book = (await h.api.rest('GET', `/api/books/${ids.bookA}?depth=0`, { auth: auth.customerA })).body
    const template = (await h.api.rest('GET', `/api/books/${ids.template}?depth=0`)).body
    const photoKey = template.questions.find((q: any) => q.type === 'photo').key
    for (const photo of forms(photoB)) {
      const res = await h.api.rest('PATCH', `/api/books/${ids.bookA}`, {
        auth: auth.customerA,
        body: { answers: { ...book.answers, [photoKey]: photo } },
      })
      expect({ photo, status: res.status }).toEqual({ photo, status: 400 })
    }
    const own = await h.api.rest('PATCH', `/api/books/${ids.bookA}?depth=0`, {
      auth: auth.customerA,
      body: { answers: { ...book.answers, [photoKey]: { id: String(ids.photoA) } } },
    })
    expect(own.status).toBe(200)
    expect(own.body.doc.answers[photoKey]).toBe(ids.photoA)
  })

  it('template fields are refused on a personal book: a long description, an unknown occasion', async () => {
    const long = await h.api.rest('PATCH', `/api/books/${ids.bookA}`, {
      auth: auth.customerA,
      body: { description: 'x'.repeat(500_000) },
    })
    expect(long.status).toBe(400)
    expect(long.body.errors[0].data.errors[0].path).toBe('description')
    const occasion = await h.api.rest('PATCH', `/api/books/${ids.bookA}`, {
      auth: auth.customerA,
      body: { occasion: 'no-such' },
    })
    expect(occasion.status).toBe(400)
    const book = (await h.api.rest('GET', `/api/books/${ids.bookA}?depth=0`, { auth: auth.customerA })).body
    expect(book.description ?? null).toBeNull()
    expect(book.occasion ?? null).toBeNull()
  })
})

describe('deleting a personal book', () => {
  async function newBook(actor: Actor) {
    const template = (await h.api.rest('GET', `/api/books/${ids.template}?depth=0`)).body
    const answers = answersFor(template, {
      photo: ids.photoA,
      date: '2023-01-02',
      text: 'Del',
      requiredOnly: true,
    })
    const res = await h.api.rest('POST', '/api/books/personalize', {
      auth: auth[actor],
      body: { template: ids.template, answers },
    })
    expect(res.status).toBe(201)
    return res.body.doc.id as number
  }
  const pagesOf = async (book: number) =>
    Number((await sql('select count(*)::int as n from pages where book_id = $1', [book])).rows[0].n)

  it('takes its pages with it, in one go', async () => {
    const book = await newBook('customerA')
    expect(await pagesOf(book)).toBeGreaterThan(0)
    const res = await h.api.rest('DELETE', `/api/books/${book}`, { auth: auth.customerA })
    expect(res.status).toBe(200)
    expect((await h.api.rest('GET', `/api/books/${book}`, { auth: auth.customerA })).status).toBe(404)
    expect(await pagesOf(book)).toBe(0)
  })

  it('refuses with 409 once the book has been ordered, and keeps book and pages', async () => {
    const book = await newBook('customerA')
    const pages = await pagesOf(book)
    await insertOrder(ids.customerA, book)
    const res = await h.api.rest('DELETE', `/api/books/${book}`, { auth: auth.customerA })
    expect(res.status).toBe(409)
    expect(res.body.errors[0]).toMatchObject({ name: 'Conflict', message: expect.stringMatching(/ordered/) })
    expect((await h.api.rest('GET', `/api/books/${book}`, { auth: auth.customerA })).status).toBe(200)
    expect(await pagesOf(book)).toBe(pages)
  })
})
