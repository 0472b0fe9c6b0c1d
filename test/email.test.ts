import { existsSync, readdirSync, readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'
import { createLocalReq, type Payload } from 'payload'

import { stopChild } from '../src/lib/processes'
import { useJobsFixture, type RunningWorker } from './helpers/worker'

/**
 * Email from a job: a loopback stand-in for Resend records what it receives and fails on demand;
 * without a key the message lands in the local outbox.
 */
type Received = {
  key: string | undefined
  body: { to: string | string[]; subject: string; text: string; html: string }
}
const received: Received[] = []
const script: number[] = []
let resend: http.Server
let resendUrl: string
const fixture = useJobsFixture('smm-email-')
// the fixture's parts, once its beforeAll has run
let payload: Payload
let dataDir: string
let db: pg.Client

beforeAll(async () => {
  resend = http.createServer((req, res) => {
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      received.push({
        key: req.headers['idempotency-key'] as string | undefined,
        body: JSON.parse(raw || '{}'),
      })
      const status = script.shift() ?? 200
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(status === 429 ? { 'retry-after': '1' } : {}),
      })
      res.end(
        JSON.stringify(
          status === 200
            ? { id: `email_${received.length}` }
            : { statusCode: status, name: 'error', message: `status ${status}` },
        ),
      )
    })
  })
  await new Promise<void>((resolve) => resend.listen(0, '127.0.0.1', resolve))
  resendUrl = `http://127.0.0.1:${(resend.address() as AddressInfo).port}`
  ;({ payload, dataDir, db } = fixture)
}, 120_000)

afterAll(async () => {
  await new Promise((resolve) => resend?.close(resolve))
})

let workerCount = 0
async function startWorker(env: Record<string, string>) {
  const worker = fixture.startWorker(`worker-${++workerCount}`, { WORKER_POLL_MS: '500', ...env })
  await worker.started()
  return worker
}

async function queueEmail(idempotencyKey: string) {
  const jobs = await import('@memory-maker/payload-email')
  const req = await createLocalReq({}, payload)
  const job = await jobs.queueEmail(req, {
    to: 'casey@example.com',
    subject: 'Your order',
    html: '<p>Thank you</p>',
    text: 'Thank you',
    idempotencyKey,
  })
  expect(job.queue).toBe(jobs.EMAIL_QUEUE)
  return job
}

const waitFor = (what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 30_000) =>
  fixture.waitUntil(what, probe, timeoutMs)

const jobRow = async (id: number | string) =>
  (await db.query('select has_error, total_tried::int as total_tried from payload_jobs where id = $1', [id]))
    .rows[0]

describe('email through Resend', () => {
  let worker: RunningWorker

  beforeAll(async () => {
    worker = await startWorker({
      RESEND_API_KEY: 're_test_key',
      RESEND_BASE_URL: resendUrl,
      EMAIL_FROM: 'Sal <books@example.com>',
    })
  })

  afterAll(async () => {
    await stopChild(worker.child, 5_000)
  })

  it('500 then 200: one message delivered, the same idempotency key on both attempts', async () => {
    script.push(500, 200)
    const job = await queueEmail('order-confirmation/1')
    await waitFor(
      'two requests and the job done',
      async () => received.length >= 2 && !(await jobRow(job.id)),
    )
    const attempts = received.filter((r) => r.key === 'order-confirmation/1')
    expect(attempts).toHaveLength(2)
    expect(attempts[0].body.subject).toBe('Your order')
    expect(attempts[0].body.to).toBe('casey@example.com')
    expect(attempts[1].body.text).toBe('Thank you')
  })

  it('a 4xx refusal fails the job at once, without retrying', async () => {
    script.push(422)
    const before = received.length
    const job = await queueEmail('order-confirmation/2')
    await waitFor('the job to fail', async () => Boolean((await jobRow(job.id))?.has_error))
    // a sentinel email after it: once it is sent, a retry of the refused one would have been too
    const sentinel = await queueEmail('sentinel/after-422')
    await waitFor('the sentinel email to be sent', async () => !(await jobRow(sentinel.id)))
    expect(received.filter((r) => r.key === 'order-confirmation/2')).toHaveLength(1)
    expect(received.length - before).toBe(2)
    // failed for good: still there, marked failed, never sent again
    expect((await jobRow(job.id)).has_error).toBe(true)
  })
})

describe('email without a key', () => {
  it('goes to the local outbox, once per idempotency key', async () => {
    const worker = await startWorker({})
    const before = received.length
    const job = await queueEmail('welcome/42')
    await waitFor('the job done', async () => !(await jobRow(job.id)))
    const outbox = path.join(dataDir, 'outbox')
    expect(existsSync(outbox)).toBe(true)
    const files = readdirSync(outbox).filter((f) => f.startsWith('welcome_42'))
    expect(files).toHaveLength(1)
    const message = JSON.parse(readFileSync(path.join(outbox, files[0]), 'utf8'))
    expect(message).toMatchObject({
      to: 'casey@example.com',
      subject: 'Your order',
      idempotencyKey: 'welcome/42',
    })
    expect(received.length).toBe(before)
    await stopChild(worker.child, 5_000)
  })

  it("Payload's own mails (payload.sendEmail, e.g. forgot-password) are queued as jobs, not sent in the request", async () => {
    const result = (await payload.sendEmail({
      to: 'reset@example.com',
      subject: 'Reset your password',
      html: '<p>Follow the link</p>',
    })) as { queued: Array<number | string> }
    expect(result.queued).toHaveLength(1)
    const queued = (
      await db.query('select queue, task_slug, input from payload_jobs where id = $1', [result.queued[0]])
    ).rows[0]
    expect(queued).toMatchObject({
      queue: 'email',
      task_slug: 'send-email',
      input: { to: 'reset@example.com' },
    })
    const outbox = path.join(dataDir, 'outbox')
    const sent = () =>
      existsSync(outbox) &&
      readdirSync(outbox).some((f) =>
        readFileSync(path.join(outbox, f), 'utf8').includes('reset@example.com'),
      )
    expect(sent()).toBe(false)
    const worker = await startWorker({})
    await waitFor('the queued mail to be delivered', async () => !(await jobRow(result.queued[0])) && sent())
    await stopChild(worker.child, 5_000)
  })
})
