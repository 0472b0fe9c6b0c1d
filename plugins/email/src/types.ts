export type EmailPluginOptions = {
  /**
   * Keep the schema (the `send-email` task slug) but install no email adapter, queue cap or
   * start-up work: Payload's own mails then go wherever the app's `email` says. Default: false.
   */
  disabled?: boolean
  /** Resend API key. Without it messages go to the outbox (when `outboxDir` is set). */
  apiKey?: string
  /** Resend's API host (a stand-in for tests). Default: the resend SDK's own. */
  baseUrl?: string
  /** The sender, `Name <address>`. */
  from: string
  /**
   * Without an API key, one JSON file per message (per idempotency key) is written here instead
   * of sending: a development outbox. Unset (production): a message without a key fails.
   */
  outboxDir?: string
  /** Sends at once, across all workers (Resend allows a few a second). Default: 2. */
  queueCap?: number
  /** How long one send may take before it is retried. Default: 10 s. */
  sendTimeoutMs?: number
}

export const EMAIL_PLUGIN_DEFAULTS = { disabled: false, queueCap: 2, sendTimeoutMs: 10_000 }
