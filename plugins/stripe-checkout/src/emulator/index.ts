export { startStripeEmulator, type EmulatorOptions, type StripeEmulator } from './server'
export { STRIPE_EMULATOR_SECRET_KEY, STRIPE_EMULATOR_WEBHOOK_SECRET } from './constants'
