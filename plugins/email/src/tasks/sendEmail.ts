import type { TaskConfig } from 'payload'

import { deliverEmail, type DeliveryOptions, type OutgoingEmail } from '../utilities/deliver'

/**
 * Email always leaves through this task (queue it with queueEmail in the transaction of the
 * change that causes it); its idempotency key makes every retry the same message.
 */
export const sendEmailTask = (delivery: DeliveryOptions): TaskConfig<'send-email'> => ({
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
  handler: async ({ input }) => {
    const sent = await deliverEmail(input as OutgoingEmail, delivery)
    return { output: { messageId: sent.id, via: sent.via } }
  },
})
