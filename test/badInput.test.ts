import { beforeAll, describe, expect, it } from '@jest/globals'

import type { ApiResponse, Auth } from './helpers/api'
import { SEED } from './helpers/constants'
import { answersFor, PNG_1X1 } from './helpers/fixtures'
import { useCms } from './helpers/harness'

/**
 * Bad input is the caller's 4xx in the `{errors: [{name, message}]}` envelope, never a 500:
 * malformed ids and filters, broken JSON, text Postgres cannot store, bodies too deep or too
 * large, GraphQL fragment cycles, malformed uploads. Reads are bounded for the public.
 */
const MEDIA_MAX_BYTES = 1_000_000
const h = useCms({ env: { MEDIA_MAX_BYTES: String(MEDIA_MAX_BYTES) } })

let customer: Auth
let editor: Auth
let templateId: number
let pageId: number
let photoId: number

/** A multipart upload; `file` as a Blob part, or as a text part when given a string. */
function uploadForm(options: { file?: string; filename?: string; payload?: string } = {}) {
  const form = new FormData()
  if (typeof options.file === 'string') form.append('file', options.file)
  else
    form.append(
      'file',
      new Blob([new Uint8Array(PNG_1X1)], { type: 'image/png' }),
      options.filename ?? 'photo.png',
    )
  form.append('_payload', options.payload ?? JSON.stringify({ alt: 'a photo' }))
  return form
}

/** Raw request with a body as given (no JSON encoding by the client). */
async function raw(method: string, path: string, body: string | Uint8Array, headers: Record<string, string>) {
  const res = await fetch(`${h.cms.url}${path}`, { method, body: body as BodyInit, headers })
  const text = await res.text()
  let parsed: any = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // kept as text for the failure message
  }
  return { status: res.status, body: parsed, headers: res.headers } as ApiResponse
}

const json = { 'content-type': 'application/json' }
const bearer = () => ({ authorization: `JWT ${(customer as { token: string }).token}` })

/** A query whose fragments double at every level: tiny text, 2^30 fields once spread out. */
const fragmentBomb = () => {
  const levels = 30
  const fragments = Array.from({ length: levels }, (_, i) =>
    i === levels - 1
      ? `fragment F${i} on Book { id title }`
      : `fragment F${i} on Book { ...F${i + 1} ...F${i + 1} }`,
  )
  return `query { Books { docs { ...F0 } } } ${fragments.join(' ')}`
}

function manyFields(count: number) {
  const form = uploadForm()
  for (let i = 0; i < count; i++) form.append(`extra${i}`, 'x')
  return form
}

beforeAll(async () => {
  customer = { token: await h.api.login(SEED.customer.email, SEED.customer.password) }
  editor = { token: await h.api.login(SEED.editor.email, SEED.editor.password) }
  const templates = await h.api.rest('GET', '/api/books?where[slug][equals]=baby-first-year&depth=0')
  const template = templates.body.docs[0]
  templateId = template.id
  const upload = await h.api.rest('POST', '/api/media', { auth: customer, form: uploadForm() })
  expect(upload.status).toBe(201)
  photoId = upload.body.doc.id
  const answers = answersFor(template, { photo: photoId, date: '2024-05-01', text: 'Ada' })
  const book = await h.api.rest('POST', '/api/books/personalize', {
    auth: customer,
    body: { template: templateId, answers },
  })
  expect(book.status).toBe(201)
  const pages = await h.api.rest(
    'GET',
    `/api/pages?where[book][equals]=${book.body.doc.id}&where[locked][equals]=false&limit=1`,
    {
      auth: customer,
    },
  )
  pageId = pages.body.docs[0].id
})

type Case = {
  name: string
  send: () => Promise<ApiResponse>
  status: 400 | 404 | 413 | 415
}

const deep = (depth: number) =>
  `{"email":"x@example.com","password":"x","name":${'['.repeat(depth)}${']'.repeat(depth)}}`

const cases: Case[] = [
  { name: 'a non-numeric id', send: () => h.api.rest('GET', '/api/books/abc'), status: 404 },
  { name: 'a fractional id', send: () => h.api.rest('GET', '/api/books/1.5'), status: 404 },
  {
    name: 'a 25-digit id',
    send: () => h.api.rest('GET', '/api/books/1234567890123456789012345'),
    status: 404,
  },
  { name: 'an id with trailing letters', send: () => h.api.rest('GET', '/api/books/1abc'), status: 404 },
  { name: 'a media id that is a word', send: () => h.api.rest('GET', '/api/media/abc'), status: 404 },
  {
    name: 'GET on the personalize endpoint',
    send: () => h.api.rest('GET', '/api/books/personalize'),
    status: 404,
  },
  {
    name: 'PATCH with a malformed id',
    send: () => h.api.rest('PATCH', '/api/pages/abc', { auth: customer, body: { title: 'x' } }),
    status: 404,
  },
  {
    name: 'DELETE with a fractional id',
    send: () => h.api.rest('DELETE', '/api/books/1.5', { auth: customer }),
    status: 404,
  },
  {
    name: '"like" on a JSON field',
    send: () => h.api.rest('GET', '/api/books?where[answers][like]=a'),
    status: 400,
  },
  {
    name: 'malformed JSON in "where"',
    send: () => h.api.rest('GET', '/api/books?where=%7Bbad'),
    status: 400,
  },
  {
    name: 'a NUL in a filter',
    send: () => h.api.rest('GET', '/api/books?where[title][equals]=%00'),
    status: 400,
  },
  {
    name: 'a fractional id in a filter',
    send: () => h.api.rest('GET', '/api/books?where[id][in]=1.5'),
    status: 400,
  },
  { name: 'limit=-1', send: () => h.api.rest('GET', '/api/books?limit=-1'), status: 400 },
  { name: 'limit=1.5', send: () => h.api.rest('GET', '/api/books?limit=1.5'), status: 400 },
  { name: 'limit=abc', send: () => h.api.rest('GET', '/api/books?limit=abc'), status: 400 },
  { name: 'page=0', send: () => h.api.rest('GET', '/api/books?page=0'), status: 400 },
  { name: 'page=-1', send: () => h.api.rest('GET', '/api/books?page=-1'), status: 400 },
  {
    name: 'the data parameter on a read',
    send: () => h.api.rest('GET', `/api/books/${templateId}?data=%7B%22title%22%3A%22mine%22%7D`),
    status: 400,
  },
  { name: 'an unknown API route', send: () => h.api.rest('GET', '/api/nothing-here'), status: 404 },
  {
    name: 'an unknown API route, POST',
    send: () => h.api.rest('POST', '/api/nothing-here', { body: {} }),
    status: 404,
  },
  {
    name: 'malformed JSON in the body',
    send: () => raw('POST', '/api/users/login', '{"email":', json),
    status: 400,
  },
  {
    name: 'a NUL in a JSON string',
    send: () => raw('POST', '/api/users/login', '{"email":"a\\u0000b@example.com","password":"x"}', json),
    status: 400,
  },
  {
    name: 'a lone surrogate in a JSON string',
    send: () =>
      raw(
        'POST',
        '/api/users',
        '{"email":"lone@example.com","password":"long-enough-password","name":"\\ud800"}',
        json,
      ),
    status: 400,
  },
  { name: '100,000-deep JSON', send: () => raw('POST', '/api/users', deep(100_000), json), status: 400 },
  {
    name: 'a GraphQL fragment cycle',
    send: () =>
      h.api.gql('query { Books { docs { ...A } } } fragment A on Book { ...B } fragment B on Book { ...A }'),
    status: 400,
  },
  {
    name: 'a GraphQL fragment cycle, content type in capitals',
    send: () =>
      raw(
        'POST',
        '/api/graphql',
        JSON.stringify({
          query: 'query { Books { docs { ...A } } } fragment A on Book { ...B } fragment B on Book { ...A }',
        }),
        { 'content-type': 'Application/JSON' },
      ),
    status: 400,
  },
  { name: 'a GraphQL fragment bomb', send: () => h.api.gql(fragmentBomb()), status: 400 },
  { name: 'JSON null as the body', send: () => raw('POST', '/api/users', 'null', json), status: 400 },
  {
    name: 'a JSON array as the body',
    send: () => raw('POST', '/api/users/login', '[1,2]', json),
    status: 400,
  },
  {
    name: 'multipart/mixed',
    send: () =>
      raw('POST', '/api/users/login', '--x\r\n\r\nhello\r\n--x--', {
        'content-type': 'multipart/mixed; boundary=x',
      }),
    status: 415,
  },
  {
    name: 'an upload with more fields than Payload is checked for',
    send: () => h.api.rest('POST', '/api/media', { auth: customer, form: manyFields(60) }),
    status: 400,
  },
  {
    name: 'the data parameter as an object',
    send: () => h.api.rest('GET', `/api/books/${templateId}?data[title]=mine`),
    status: 400,
  },
  {
    name: 'the data parameter in a method-override read',
    send: () =>
      raw('POST', `/api/books/${templateId}`, 'data=%7B%22title%22%3A%22mine%22%7D', {
        'content-type': 'application/x-www-form-urlencoded',
        'x-payload-http-method-override': 'GET',
      }),
    status: 400,
  },
  {
    name: 'deep JSON sent to a custom endpoint as text/plain',
    send: () =>
      raw(
        'POST',
        '/api/books/personalize',
        `{"template":1,"answers":${'['.repeat(1000)}${']'.repeat(1000)}}`,
        {
          'content-type': 'text/plain',
          ...bearer(),
        },
      ),
    status: 400,
  },
  {
    name: 'a multipart "file" sent as text',
    send: () => h.api.rest('POST', '/api/media', { auth: customer, form: uploadForm({ file: 'just text' }) }),
    status: 400,
  },
  {
    name: 'a multipart "file" sent as a JSON reference',
    send: () =>
      h.api.rest('POST', '/api/media', {
        auth: customer,
        form: uploadForm({ file: '{"filename":"photo.png"}' }),
      }),
    status: 400,
  },
  {
    name: 'a NUL in a file name',
    send: () =>
      h.api.rest('POST', '/api/media', { auth: customer, form: uploadForm({ filename: 'a\u0000b.png' }) }),
    status: 400,
  },
  {
    name: 'malformed JSON in _payload',
    send: () => h.api.rest('POST', '/api/media', { auth: customer, form: uploadForm({ payload: '{bad' }) }),
    status: 400,
  },
  {
    name: 'a page photo sent as an array',
    send: () => h.api.rest('PATCH', `/api/pages/${pageId}`, { auth: customer, body: { photo: [photoId] } }),
    status: 400,
  },
  {
    name: 'a JSON body over 1 MB',
    send: () =>
      raw(
        'POST',
        '/api/users/login',
        JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(1_100_000) }),
        json,
      ),
    status: 413,
  },
  {
    name: 'a multipart body over the media limit',
    send: () =>
      raw('POST', '/api/media', new Uint8Array(MEDIA_MAX_BYTES + 1_200_000), {
        'content-type': 'multipart/form-data; boundary=x',
        authorization: `JWT ${(customer as any).token}`,
      }),
    status: 413,
  },
]

describe('bad input answers 4xx in the error envelope', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await c.send()
    expect({ status: res.status, body: res.body }).toMatchObject({ status: c.status })
    expect(res.body.errors).toEqual([
      expect.objectContaining({ name: expect.any(String), message: expect.any(String) }),
    ])
    expect(res.body.errors[0].message).not.toMatch(/something went wrong/i)
  })

  it('a chunked body with no declared length is cut off at the limit too', async () => {
    const chunk = new Uint8Array(256 * 1024).fill(0x20)
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 5 MB of spaces, well past the 1 MB JSON limit, in 256 KB chunks
        if (sent >= 20) return controller.close()
        sent++
        controller.enqueue(chunk)
      },
    })
    const res = await fetch(`${h.cms.url}/api/users/login`, {
      method: 'POST',
      headers: json,
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect((await res.json()).errors[0].name).toBe('PayloadTooLarge')
  })

  it('none of them was logged as a server error', () => {
    // the test server logs at warn: an error-level line would be a 500 or an unclassified failure
    const errorLines = h.cms
      .output()
      .split('\n')
      .filter((line) => line.includes('"level":50'))
    expect(errorLines).toEqual([])
  })

  it('the data parameter never answers the caller their own JSON, nor lands in the cache', async () => {
    const url = `/api/books/${templateId}?depth=0&data=${encodeURIComponent(JSON.stringify({ title: 'Not a template' }))}`
    const first = await h.api.rest('GET', url)
    const second = await h.api.rest('GET', url)
    expect([first.status, second.status]).toEqual([400, 400])
    expect(second.headers.get('x-cache')).toBeNull()
  })
})

describe('reads are bounded for customers and anonymous callers', () => {
  it('caps limit at 100 and always paginates', async () => {
    const res = await h.api.rest('GET', '/api/books?limit=1000&depth=0&select[title]=true')
    expect(res.status).toBe(200)
    expect(res.body.limit).toBe(100)
    // 0 is Payload's "all of them"
    const all = await h.api.rest('GET', '/api/books?limit=0&depth=0&select[title]=true')
    expect(all.status).toBe(200)
    expect(all.body.limit).toBe(100)
    const unpaginated = await h.api.rest('GET', '/api/books?pagination=false&depth=0&select[title]=true')
    expect(unpaginated.status).toBe(200)
    expect(unpaginated.body.limit).toBe(100)
    const both = await h.api.rest('GET', '/api/books?pagination=false&limit=0&depth=0&select[title]=true')
    expect(both.body.limit).toBe(100)
  })

  it('caps depth at 2', async () => {
    const shallow = await h.api.rest('GET', `/api/pages/${pageId}?depth=2`, { auth: customer })
    const deepRead = await h.api.rest('GET', `/api/pages/${pageId}?depth=10`, { auth: customer })
    expect(deepRead.status).toBe(200)
    expect(deepRead.body).toEqual(shallow.body)
  })

  it('caps a GraphQL limit too, and refuses a negative one', async () => {
    const res = await h.api.gql('{ Books(limit: 1000) { limit } }')
    expect(res.body.data.Books.limit).toBe(100)
    const negative = await h.api.gql('{ Books(limit: -1) { limit } }')
    expect(negative.body.errors?.[0].message).toMatch(/limit/)
  })

  it('populates every relation of a page of results, however many', async () => {
    const pages = (
      await h.api.rest('GET', `/api/pages?where[owner][exists]=true&limit=50&depth=0`, { auth: customer })
    ).body.docs
    expect(pages.length).toBeGreaterThan(10)
    for (const page of pages) {
      const form = uploadForm({ filename: `page-${page.id}.png` })
      const photo = (await h.api.rest('POST', '/api/media', { auth: customer, form })).body.doc.id
      expect(
        (await h.api.rest('PATCH', `/api/pages/${page.id}`, { auth: customer, body: { photo } })).status,
      ).toBe(200)
    }
    const populated = await h.api.rest('GET', '/api/pages?limit=50&depth=1', { auth: customer })
    expect(populated.body.docs).toHaveLength(pages.length)
    // eleven or more distinct photos: each one populated, none left as a bare id
    expect(populated.body.docs.filter((page: any) => typeof page.photo !== 'object')).toEqual([])
  })

  it('leaves staff uncapped', async () => {
    const res = await h.api.rest('GET', '/api/books?limit=1000&depth=0&select[title]=true', { auth: editor })
    expect(res.status).toBe(200)
    expect(res.body.limit).toBe(1000)
  })
})

describe('GraphQL', () => {
  it('does not suggest field names while introspection is off', async () => {
    const res = await h.api.gql('query { Books { docs { titel } } }')
    expect(res.body.errors?.[0].message).toMatch(/Cannot query field "titel"/)
    expect(res.body.errors?.[0].message).not.toMatch(/Did you mean/)
    // a missing or mistyped variable is GraphQL's own error, not a failure of ours
    for (const variables of [{}, { id: 'abc' }]) {
      const res = await h.api.gql('query ($id: Int!) { Book(id: $id) { id } }', variables)
      expect(res.status).toBeLessThan(500)
      expect(res.body.errors?.[0].message).toMatch(/\$id/)
    }
    const introspection = await h.api.gql('query { __schema { types { name } } }')
    expect(introspection.body.errors?.[0].message).toMatch(/introspection is not allowed/i)
  })
})
