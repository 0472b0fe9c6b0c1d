import { randomBytes } from 'node:crypto'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { postgresAdapter } from '@payloadcms/db-postgres'
import pg from 'pg'
import {
  buildConfig,
  createLocalReq,
  getPayload,
  type Endpoint,
  type Payload,
  type PayloadRequest,
} from 'payload'

import { jobsPlugin, runWorker, type JobsWorker } from '@memory-maker/payload-jobs'

import { aiPagesPlugin } from '../src'

/**
 * The plugin on a config that is not the project's: its own throw-away database (pushed, not
 * migrated), bare users, books and pages with only the fields the plugin reads, the offline
 * writer (no options at all). Nothing from the project.
 */
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const database = `ai_pages_plugin_${randomBytes(4).toString('hex')}`
const databaseUrl = (() => {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${database}`
  return url.toString()
})()

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

let payload: Payload
let worker: JobsWorker | undefined

beforeAll(async () => {
  await admin(`create database "${database}"`)
  const config = buildConfig({
    secret: 'a-secret-for-the-portability-test',
    db: postgresAdapter({ pool: { connectionString: databaseUrl }, push: true }),
    collections: [
      { slug: 'users', auth: true, fields: [] },
      {
        slug: 'books',
        fields: [
          { name: 'title', type: 'text' },
          { name: 'owner', type: 'relationship', relationTo: 'users' },
          { name: 'template', type: 'relationship', relationTo: 'books' },
          { name: 'answers', type: 'json' },
          {
            name: 'questions',
            type: 'array',
            fields: [
              { name: 'key', type: 'text' },
              { name: 'label', type: 'text' },
              { name: 'type', type: 'text' },
            ],
          },
        ],
      },
      {
        slug: 'pages',
        fields: [
          { name: 'book', type: 'relationship', relationTo: 'books' },
          { name: 'position', type: 'number' },
          { name: 'title', type: 'text' },
          { name: 'layout', type: 'text' },
          { name: 'prompt', type: 'textarea' },
          { name: 'locked', type: 'checkbox' },
          { name: 'body', type: 'json' },
        ],
      },
    ],
    plugins: [jobsPlugin(), aiPagesPlugin()],
    telemetry: false,
  })
  payload = await getPayload({ config })
}, 120_000)

afterAll(async () => {
  await worker?.stop()
  const pool = (
    payload?.db as unknown as { pool?: { on: (event: 'error', fn: () => void) => void } } | undefined
  )?.pool
  pool?.on('error', () => undefined)
  await payload?.destroy()
  await admin(`drop database if exists "${database}" with (force)`)
}, 60_000)

/** Calls one of the books collection's endpoints as `user`, the way Payload's router would. */
async function callEndpoint(path: string, req: PayloadRequest, id: number | string) {
  const books = payload.config.collections.find((collection) => collection.slug === 'books')
  const endpoint = (books?.endpoints || []).find((e: Endpoint) => e.path === path)
  if (!endpoint) throw new Error(`no endpoint ${path}`)
  req.routeParams = { id: String(id) }
  return endpoint.handler(req)
}

describe('@memory-maker/payload-ai-pages on a foreign config', () => {
  it('writes a book with the offline writer, from its answers, and marks it ready', async () => {
    const owner = await payload.create({
      collection: 'users',
      data: { email: 'owner@example.com', password: 'a-password-1' } as never,
    })
    const template = await payload.create({
      collection: 'books',
      data: {
        title: 'Our trip',
        questions: [{ key: 'place', label: 'Where did you go?', type: 'text' }],
      } as never,
    })
    const book = await payload.create({
      collection: 'books',
      data: {
        title: 'Lisbon',
        owner: owner.id,
        template: template.id,
        answers: { place: 'Lisbon' },
      } as never,
    })
    for (const [position, prompt] of [
      'Write about our days in {{place}}.',
      'The food of {{place}}.',
    ].entries()) {
      await payload.create({
        collection: 'pages',
        data: {
          book: book.id,
          position,
          title: `Page ${position + 1}`,
          layout: 'text-only',
          prompt,
        } as never,
      })
    }
    await payload.create({
      collection: 'pages',
      data: {
        book: book.id,
        position: 2,
        title: 'The end',
        locked: true,
        generation: { status: 'skipped' },
      } as never,
    })

    const req = await createLocalReq({ user: { ...owner, collection: 'users' } as never }, payload)
    const started = await callEndpoint('/:id/generate', req, book.id)
    expect(started.status).toBe(202)

    worker = await runWorker(payload, { databaseUrl, pollMs: 200, leaseMs: 5_000, shutdownGraceMs: 1_000 })
    const deadline = Date.now() + 30_000
    let state:
      { status: string; pagesDone: number; pagesTotal: number; writer: { label: string } } | undefined
    while (Date.now() < deadline) {
      const response = await callEndpoint(
        '/:id/generation',
        await createLocalReq({ user: { ...owner, collection: 'users' } as never }, payload),
        book.id,
      )
      state = await response.json()
      if (state?.status === 'ready') break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(state).toMatchObject({
      status: 'ready',
      pagesDone: 3,
      pagesTotal: 3,
      writer: { label: 'offline writer' },
    })
    const { docs } = await payload.find({
      collection: 'pages',
      where: { book: { equals: book.id } },
      sort: 'position',
    })
    for (const page of docs.slice(0, 2)) {
      expect(JSON.stringify(page.body)).toContain('Lisbon')
      expect((page as unknown as { generation: { status: string } }).generation.status).toBe('done')
    }
    expect(docs[2].body ?? null).toBeNull()

    // another user is told the book does not exist
    const stranger = await payload.create({
      collection: 'users',
      data: { email: 'stranger@example.com', password: 'a-password-1' } as never,
    })
    const refused = await callEndpoint(
      '/:id/generation',
      await createLocalReq({ user: { ...stranger, collection: 'users' } as never }, payload),
      book.id,
    ).catch((err: { status?: number }) => err)
    expect((refused as { status?: number }).status).toBe(404)
  })
})
