/**
 * The keys the local emulator accepts and signs with: development only (the app refuses to run
 * the emulator in production).
 */
export const STRIPE_EMULATOR_SECRET_KEY = 'sk_test_local_emulator'
export const STRIPE_EMULATOR_WEBHOOK_SECRET = 'whsec_local_emulator_development_only'
