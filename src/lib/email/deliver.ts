import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { Resend } from 'resend'

import { getEnv } from '../env'
import { FailNowError, RetryAfterError } from '../jobs/errors'

export type OutgoingEmail = {
  to: string | string[]
  subject: string
  html: string
  text: string
  /** One key per message (e.g. `order-confirmation/<orderId>`): Resend delivers a key once. */
  idempotencyKey: string
  from?: string
}

const SEND_TIMEOUT_MS = 10_000

let client: Resend | undefined
// the SDK takes its API host from RESEND_BASE_URL (validated in src/lib/env.ts)
const resend = () => (client ??= new Resend(getEnv().RESEND_API_KEY))

export const outboxDir = () => path.resolve(getEnv().DATA_DIR, 'outbox')

const outboxFile = (key: string) => {
  const readable = key.replace(/[^a-zA-Z0-9._-]+/g, '_').slice(0, 80)
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 12)
  return path.join(outboxDir(), `${readable}-${digest}.json`)
}

/**
 * Sends one email through Resend with its idempotency key, or, without RESEND_API_KEY, writes it
 * to the local outbox ($DATA_DIR/outbox, one JSON file per key). Failures are classified for the
 * jobs worker: 429 → retry after the provider's Retry-After, 5xx or no answer → retry with
 * backoff, other 4xx → fail now. Call it from a job, never inside a web request.
 */
export async function deliverEmail(email: OutgoingEmail): Promise<{ id: string; via: 'resend' | 'outbox' }> {
  const env = getEnv()
  const message = { ...email, from: email.from ?? env.EMAIL_FROM }
  if (!env.RESEND_API_KEY) {
    if (env.isProduction)
      throw new FailNowError('RESEND_API_KEY is not set: emails cannot be sent in production')
    const file = outboxFile(message.idempotencyKey)
    mkdirSync(path.dirname(file), { recursive: true })
    // the key makes the outbox idempotent too: a retried job does not write a second message
    if (!existsSync(file))
      writeFileSync(file, JSON.stringify({ ...message, createdAt: new Date().toISOString() }, null, 2))
    return { id: path.basename(file), via: 'outbox' }
  }

  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`Resend did not answer within ${SEND_TIMEOUT_MS} ms`)),
      SEND_TIMEOUT_MS,
    ).unref(),
  )
  const { data, error, headers } = await Promise.race([
    resend().emails.send(
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
  if (status !== null && status >= 400 && status < 500) throw new FailNowError(reason)
  throw new Error(reason)
}
