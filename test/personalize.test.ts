import { beforeAll, describe, expect, it } from '@jest/globals'

import type { Auth } from './helpers/api'
import { SEED } from './helpers/constants'
import { answersFor, photoForm } from './helpers/fixtures'
import { useCms } from './helpers/harness'

const h = useCms()
let customer: Auth
let editor: Auth
let template: any
let photoId: number

function validAnswers() {
  return answersFor(template, {
    photo: photoId,
    date: '2024-02-29',
    choice: 1,
    text: (key) => `Answer ${key}`,
  })
}

beforeAll(async () => {
  customer = { token: await h.api.login(SEED.customer.email, SEED.customer.password) }
  editor = { token: await h.api.login(SEED.editor.email, SEED.editor.password) }
  template = (await h.api.rest('GET', '/api/books?where[slug][equals]=grandparent-life-story&depth=0')).body
    .docs[0]
  const form = photoForm({ alt: 'me' }, { filename: 'me.png' })
  photoId = (await h.api.rest('POST', '/api/media', { auth: customer, form })).body.doc.id
})

describe('POST /api/books/personalize', () => {
  it('creates a personal book owned by the caller with one page per blueprint, in order', async () => {
    const res = await h.api.rest('POST', '/api/books/personalize', {
      auth: customer,
      body: { template: template.id, answers: validAnswers(), title: 'Grandpa Joe' },
    })
    expect(res.status).toBe(201)
    const book = res.body.doc
    expect(book.kind).toBe('personal')
    expect(book.title).toBe('Grandpa Joe')
    expect(book.status).toBe('draft')
    expect(book.template).toBe(template.id)

    const pages = await h.api.rest(
      'GET',
      `/api/pages?where[book][equals]=${book.id}&sort=position&limit=100&depth=0`,
      {
        auth: customer,
      },
    )
    expect(pages.body.totalDocs).toBe(template.blueprints.length)
    pages.body.docs.forEach((page: any, index: number) => {
      const blueprint = template.blueprints[index]
      expect(page.position).toBe(index)
      expect(page.title).toBe(blueprint.title)
      expect(page.layout).toBe(blueprint.layout)
      expect(page.locked).toBe(Boolean(blueprint.fixedText))
      if (blueprint.photoQuestion) {
        const answer = validAnswers()[blueprint.photoQuestion]
        expect(page.photo).toBe(answer ?? null)
      }
      expect(page.generation.status).toBe(blueprint.fixedText ? 'skipped' : 'pending')
    })
  })

  it('moves a personal book through generating and ready (admins only)', async () => {
    const created = await h.api.rest('POST', '/api/books/personalize', {
      auth: customer,
      body: { template: template.id, answers: validAnswers() },
    })
    const admin = { token: await h.api.login(SEED.admin.email, SEED.admin.password) }
    for (const status of ['generating', 'ready']) {
      const res = await h.api.rest('PATCH', `/api/books/${created.body.doc.id}?depth=0`, {
        auth: admin,
        body: { status },
      })
      expect(res.status).toBe(200)
      expect(res.body.doc.status).toBe(status)
    }
  })

  it('accepts the template slug as well as its id', async () => {
    const res = await h.api.rest('POST', '/api/books/personalize', {
      auth: customer,
      body: { template: 'grandparent-life-story', answers: validAnswers() },
    })
    expect(res.status).toBe(201)
    expect(res.body.doc.title).toBe(template.title)
  })

  it('names every missing or invalid answer in a 400, and creates nothing', async () => {
    const before = (
      await h.api.rest('GET', '/api/books?where[kind][equals]=personal&limit=0', { auth: customer })
    ).body.totalDocs
    const answers = validAnswers()
    const required = template.questions.filter(
      (q: any) => q.required && q.type !== 'date' && q.type !== 'choice',
    )
    for (const q of required) delete answers[q.key]
    const dateQuestion = template.questions.find((q: any) => q.type === 'date')
    answers[dateQuestion.key] = '2023-02-30'
    const choice = template.questions.find((q: any) => q.type === 'choice')
    answers[choice.key] = 'Sarcastic'
    answers.unknownKey = 'x'
    const res = await h.api.rest('POST', '/api/books/personalize', {
      auth: customer,
      body: { template: template.id, answers },
    })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].name).toBe('ValidationError')
    const paths = res.body.errors[0].data.errors.map((e: any) => e.path).sort()
    expect(paths).toEqual(
      [
        ...required.map((q: any) => `answers.${q.key}`),
        `answers.${dateQuestion.key}`,
        `answers.${choice.key}`,
        'answers.unknownKey',
      ].sort(),
    )
    const after = (
      await h.api.rest('GET', '/api/books?where[kind][equals]=personal&limit=0', { auth: customer })
    ).body.totalDocs
    expect(after).toBe(before)
  })

  it("refuses a photo that is not the caller's", async () => {
    const other = await h.api.rest('POST', '/api/users', {
      body: { email: 'other@example.com', password: 'other-password-1' },
    })
    expect(other.status).toBe(201)
    const otherAuth = { token: await h.api.login('other@example.com', 'other-password-1') }
    const res = await h.api.rest('POST', '/api/books/personalize', {
      auth: otherAuth,
      body: { template: template.id, answers: validAnswers() },
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body.errors)).toMatch(/not yours/)
  })

  it('404s for an unpublished or unknown template', async () => {
    const draft = await h.api.rest('POST', '/api/books?draft=true', {
      auth: editor,
      body: { title: 'Draft only', _status: 'draft' },
    })
    expect(draft.status).toBe(201)
    for (const ref of [draft.body.doc.id, 987654, 'no-such-template']) {
      const res = await h.api.rest('POST', '/api/books/personalize', {
        auth: customer,
        body: { template: ref, answers: {} },
      })
      expect(res.status).toBe(404)
      expect(res.body.errors[0].name).toBe('NotFound')
    }
  })

  it('needs a signed-in caller and a well-formed body', async () => {
    const anon = await h.api.rest('POST', '/api/books/personalize', {
      body: { template: template.id, answers: {} },
    })
    expect(anon.status).toBe(401)
    const bad = await h.api.rest('POST', '/api/books/personalize', { auth: customer, body: { answers: [] } })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0].data.errors.map((e: any) => e.path)).toEqual(
      expect.arrayContaining(['template']),
    )
    const notJson = await h.api.rest('POST', '/api/books/personalize', {
      auth: customer,
      headers: { 'content-type': 'application/json' },
      body: undefined,
    })
    expect(notJson.status).toBe(400)
  })

  it('keeps answers valid when the owner edits them later', async () => {
    const created = await h.api.rest('POST', '/api/books/personalize', {
      auth: customer,
      body: { template: template.id, answers: validAnswers() },
    })
    const choice = template.questions.find((q: any) => q.type === 'choice')
    const bad = await h.api.rest('PATCH', `/api/books/${created.body.doc.id}`, {
      auth: customer,
      body: { answers: { ...validAnswers(), [choice.key]: 'Nope' } },
    })
    expect(bad.status).toBe(400)
    const good = await h.api.rest('PATCH', `/api/books/${created.body.doc.id}?depth=0`, {
      auth: customer,
      body: { answers: { ...validAnswers(), [choice.key]: choice.options[0] } },
    })
    expect(good.status).toBe(200)
    expect(good.body.doc.answers[choice.key]).toBe(choice.options[0])
  })
})
