import { queueJob } from '@memory-maker/payload-jobs'
import type { PayloadRequest } from 'payload'

import type { OutgoingEmail } from './deliver'

/** The queue of the send-email task, capped by the plugin's `queueCap`. */
export const EMAIL_QUEUE = 'email'

/**
 * Queues an email in the caller's transaction: it is sent (once, by its idempotency key) only if
 * that transaction commits. Pick a key that names the message, e.g. `order-confirmation/<orderId>`.
 */
export function queueEmail(req: PayloadRequest, email: Omit<OutgoingEmail, 'from' | 'to'> & { to: string }) {
  return queueJob(req, { task: 'send-email', queue: EMAIL_QUEUE, input: email })
}
