import { startStripeEmulator } from '@memory-maker/payload-stripe-checkout/emulator'

import { getEnv } from '../lib/env'

/**
 * The local Stripe emulator (`npm start` runs it when STRIPE_SECRET_KEY is unset): Checkout,
 * refunds and signed webhooks to this CMS, on loopback. Refuses to run in production.
 */
const env = getEnv()
if (env.isProduction) {
  console.error('[stripe-emulator] refusing to run with APP_ENV=production: set STRIPE_SECRET_KEY')
  process.exit(1)
}
const emulator = await startStripeEmulator({
  port: env.STRIPE_EMULATOR_PORT,
  webhookUrl: `http://127.0.0.1:${env.PORT}/api/stripe/webhook`,
})
console.log(`[stripe-emulator] listening on ${emulator.url} (webhooks to port ${env.PORT})`)
const stop = async () => {
  await emulator.close()
  process.exit(0)
}
process.on('SIGTERM', () => void stop())
process.on('SIGINT', () => void stop())
