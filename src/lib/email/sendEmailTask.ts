import type { TaskConfig } from 'payload'

import { honourRetryAfter } from '../jobs/retryAfter'
import { deliverEmail, type OutgoingEmail } from './deliver'

/**
 * Email always leaves through this task (queue it with queueJob in the transaction of the change
 * that causes it); its idempotency key makes every retry the same message.
 */
export const sendEmailTask: TaskConfig<'send-email'> = {
  slug: 'send-email',
  label: 'Send an email',
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 } },
  inputSchema: [
    { name: 'to', type: 'email', required: true },
    { name: 'subject', type: 'text', required: true },
    { name: 'html', type: 'textarea', required: true },
    { name: 'text', type: 'textarea', required: true },
    { name: 'idempotencyKey', type: 'text', required: true },
  ],
  outputSchema: [
    { name: 'messageId', type: 'text' },
    { name: 'via', type: 'text' },
  ],
  handler: honourRetryAfter(async ({ input }) => {
    const sent = await deliverEmail(input as OutgoingEmail)
    return { output: { messageId: sent.id, via: sent.via } }
  }),
}
