import { queueConcurrency, withDefaults } from '@memory-maker/payload-jobs'
import type { Config } from 'payload'

import { sendEmailTask } from './tasks/sendEmail'
import { EMAIL_PLUGIN_DEFAULTS, type EmailPluginOptions } from './types'
import { queueingEmailAdapter } from './utilities/adapter'
import { EMAIL_QUEUE } from './utilities/queueEmail'

/**
 * `@memory-maker/payload-email`: email that leaves only from a job (README). Needs
 * `@memory-maker/payload-jobs` and its worker.
 *
 *   plugins: [jobsPlugin({ … }), emailPlugin({ from: 'Shop <shop@example.com>', apiKey: process.env.RESEND_API_KEY })]
 */
export const emailPlugin =
  (options: EmailPluginOptions) =>
  (incoming: Config): Config => {
    const { disabled, queueCap, sendTimeoutMs } = withDefaults(EMAIL_PLUGIN_DEFAULTS, options)
    const delivery = {
      apiKey: options.apiKey,
      baseUrl: options.baseUrl,
      from: options.from,
      outboxDir: options.outboxDir,
      sendTimeoutMs,
    }
    // the schema first, whether or not the plugin is on: the task slug is part of the jobs enums
    const config: Config = {
      ...incoming,
      jobs: { ...incoming.jobs, tasks: [...(incoming.jobs?.tasks ?? []), sendEmailTask(delivery)] },
    }
    if (disabled) return config
    // Resend allows a few requests a second per account: `queueCap` sends at once, across all workers;
    // Payload's own mails (forgot-password) are queued the same way, never sent in the request
    return {
      ...queueConcurrency({ [EMAIL_QUEUE]: queueCap })(config),
      email: queueingEmailAdapter(options.from),
    }
  }

export type { EmailPluginOptions } from './types'
export { queueEmail, EMAIL_QUEUE } from './utilities/queueEmail'
export { outboxFile, type OutgoingEmail } from './utilities/deliver'
