import Stripe from 'stripe'

/**
 * The Stripe SDK, pointed at `apiBase` when given (the local emulator, a test stand-in) through
 * its host/port/protocol options. The SDK retries network errors itself, with the same
 * idempotency key.
 */
export function stripeClient(secretKey: string, apiBase?: string): Stripe {
  const base = apiBase ? new URL(apiBase) : undefined
  return new Stripe(secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'https:' ? 443 : 80),
          protocol: base.protocol.replace(':', '') as 'http' | 'https',
        }
      : {}),
  })
}
