import { queueJob } from '@memory-maker/payload-jobs'
import { createLocalReq, type EmailAdapter, type SendEmailOptions } from 'payload'

import { EMAIL_QUEUE } from './queueEmail'

const asText = (value: unknown) => (typeof value === 'string' ? value : '')
const addresses = (value: SendEmailOptions['to']): string[] =>
  (Array.isArray(value) ? value : [value])
    .map((entry) => (typeof entry === 'string' ? entry : (entry?.address ?? '')))
    .filter(Boolean)

/**
 * Payload's email adapter (payload.sendEmail, e.g. forgot-password). Email is never sent inside a
 * web request: each recipient's message is queued as a send-email job on the email queue (capped,
 * retried, one idempotency key per message) and the workers are woken. Delivery is the task's:
 * Resend with the key, or the local outbox. The official Resend adapter hard-codes the API host
 * and sends no key.
 */
export const queueingEmailAdapter =
  (from: string): EmailAdapter =>
  ({ payload }) => {
    const [, name = '', address = from] = /^(.*?)\s*<(.+)>$/.exec(from) ?? []
    return {
      name: 'resend-with-idempotency',
      defaultFromAddress: address,
      defaultFromName: name,
      sendEmail: async (message) => {
        const subject = asText(message.subject)
        const html = asText(message.html)
        const text = asText(message.text) || html.replace(/<[^>]+>/g, ' ')
        const given = asText((message as { idempotencyKey?: unknown }).idempotencyKey)
        const jobs = []
        for (const to of addresses(message.to)) {
          const idempotencyKey = given ? `${given}/${to}` : `payload/${subject}/${to}/${Date.now()}`
          // a request of its own: Payload's mail (forgot-password) must not wait for its caller's commit
          const req = await createLocalReq({}, payload)
          jobs.push(
            await queueJob(req, {
              task: 'send-email',
              queue: EMAIL_QUEUE,
              input: { to, subject, html, text, idempotencyKey },
            }),
          )
        }
        return { queued: jobs.map((job) => job.id) }
      },
    }
  }
