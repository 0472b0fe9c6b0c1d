import type { EmailAdapter, SendEmailOptions } from 'payload'

import { getEnv } from '../env'
import { deliverEmail } from './deliver'

const asText = (value: unknown) => (typeof value === 'string' ? value : '')
const addresses = (value: SendEmailOptions['to']): string[] =>
  (Array.isArray(value) ? value : [value])
    .map((entry) => (typeof entry === 'string' ? entry : (entry?.address ?? '')))
    .filter(Boolean)

/**
 * Payload's email adapter (payload.sendEmail, e.g. forgot-password) on the same delivery as the
 * send-email task: Resend with an idempotency key, or the local outbox. The official Resend
 * adapter hard-codes the API host and sends no key.
 */
export const resendEmailAdapter: EmailAdapter = () => {
  const env = getEnv()
  const [, name = "Sal's Memory Maker", address = env.EMAIL_FROM] =
    /^(.*?)\s*<(.+)>$/.exec(env.EMAIL_FROM) ?? []
  return {
    name: 'resend-with-idempotency',
    defaultFromAddress: address,
    defaultFromName: name,
    sendEmail: async (message) => {
      const key =
        asText((message as { idempotencyKey?: unknown }).idempotencyKey) ||
        `payload/${asText(message.subject)}/${addresses(message.to).join(',')}/${Date.now()}`
      return deliverEmail({
        to: addresses(message.to),
        subject: asText(message.subject),
        html: asText(message.html),
        text: asText(message.text) || asText(message.html).replace(/<[^>]+>/g, ' '),
        idempotencyKey: key,
      })
    },
  }
}
