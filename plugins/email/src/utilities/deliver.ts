import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { FailNowError, RetryAfterError } from '@memory-maker/payload-jobs'
import { Resend } from 'resend'

import type { EmailPluginOptions } from '../types'

export type OutgoingEmail = {
  to: string | string[]
  subject: string
  html: string
  text: string
  /** One key per message (e.g. `order-confirmation/<orderId>`): Resend delivers a key once. */
  idempotencyKey: string
  from?: string
}

export type DeliveryOptions = Pick<EmailPluginOptions, 'apiKey' | 'baseUrl' | 'from' | 'outboxDir'> & {
  sendTimeoutMs: number
}

const clients = new Map<string, Resend>()
const resendFor = (apiKey: string, baseUrl?: string) => {
  const key = `${baseUrl ?? ''} ${apiKey}`
  let client = clients.get(key)
  if (!client) clients.set(key, (client = new Resend(apiKey, baseUrl ? { baseUrl } : undefined)))
  return client
}

/** The outbox file of a message: one per idempotency key, named so a person can find it. */
export const outboxFile = (outboxDir: string, key: string) => {
  const readable = key.replace(/[^a-zA-Z0-9._-]+/g, '_').slice(0, 80)
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 12)
  return path.join(outboxDir, `${readable}-${digest}.json`)
}

/**
 * Sends one email through Resend with its idempotency key, or, without an API key, writes it to
 * the local outbox (one JSON file per key). Failures are classified for the jobs worker: 429 →
 * retry after the provider's Retry-After, 5xx or no answer → retry with backoff, other 4xx →
 * fail now. Call it from a job, never inside a web request.
 */
export async function deliverEmail(
  email: OutgoingEmail,
  options: DeliveryOptions,
): Promise<{ id: string; via: 'resend' | 'outbox' }> {
  const message = { ...email, from: email.from ?? options.from }
  if (!options.apiKey) {
    if (!options.outboxDir)
      throw new FailNowError('No Resend API key and no outbox: this email cannot be sent')
    const file = outboxFile(options.outboxDir, message.idempotencyKey)
    mkdirSync(path.dirname(file), { recursive: true })
    // the key makes the outbox idempotent too: a retried job does not write a second message
    if (!existsSync(file))
      writeFileSync(file, JSON.stringify({ ...message, createdAt: new Date().toISOString() }, null, 2))
    return { id: path.basename(file), via: 'outbox' }
  }

  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`Resend did not answer within ${options.sendTimeoutMs} ms`)),
      options.sendTimeoutMs,
    ).unref(),
  )
  const { data, error, headers } = await Promise.race([
    resendFor(options.apiKey, options.baseUrl).emails.send(
      {
        from: message.from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
      },
      { idempotencyKey: message.idempotencyKey },
    ),
    timeout,
  ])
  if (data?.id) return { id: data.id, via: 'resend' }
  const status = (error as { statusCode?: number | null } | null)?.statusCode ?? null
  const reason = `Resend refused the email (${status ?? 'no answer'}): ${error?.message ?? 'unknown error'}`
  if (status === 429) {
    const retryAfter = Number((headers as Record<string, string> | null)?.['retry-after'])
    throw new RetryAfterError(
      reason,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 30_000,
    )
  }
  // an earlier attempt with this key is still in flight at Resend (it timed out here): ask again
  // once it has ended; Resend then answers with the message it sent
  if (status === 409 && (error as { name?: string } | null)?.name === 'concurrent_idempotent_requests') {
    throw new RetryAfterError(reason, 10_000)
  }
  if (status !== null && status >= 400 && status < 500) throw new FailNowError(reason)
  throw new Error(reason)
}
