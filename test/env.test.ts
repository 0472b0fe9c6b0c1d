import { describe, expect, it } from '@jest/globals'

import { describeDefaults, EnvError, parseEnv } from '../src/lib/env'
import { securityHeaders } from '../src/lib/http/securityHeaders'

describe('configuration (src/lib/env.ts)', () => {
  it('works with no configuration at all, on development defaults', () => {
    const env = parseEnv({})
    expect(env.PORT).toBe(3000)
    expect(env.usesEmbeddedDatabase).toBe(true)
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.*:54329\//)
    expect(describeDefaults({})).toEqual(
      expect.arrayContaining([expect.stringMatching(/^DATABASE_URL not set/)]),
    )
  })

  it('names every bad variable in one message', () => {
    try {
      parseEnv({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        REDIS_URL: 'http://nope',
        S3_ENDPOINT: 'not a url',
      })
      throw new Error('parseEnv accepted bad values')
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError)
      const message = (err as Error).message
      for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'S3_ENDPOINT']) expect(message).toContain(name)
    }
  })

  it('refuses development secrets and missing secrets in production', () => {
    expect(() => parseEnv({ APP_ENV: 'production' })).toThrow(/PAYLOAD_SECRET: required in production/)
    expect(() =>
      parseEnv({
        APP_ENV: 'production',
        PAYLOAD_SECRET: 'dev-only-payload-secret-change-me',
        INTERNAL_API_SECRET: 'x'.repeat(32),
        REVALIDATE_SECRET: 'y'.repeat(32),
      }),
    ).toThrow(/development default is refused/)
    const ok = parseEnv({
      APP_ENV: 'production',
      PAYLOAD_SECRET: 'p'.repeat(32),
      INTERNAL_API_SECRET: 'i'.repeat(32),
      REVALIDATE_SECRET: 'r'.repeat(32),
      STRIPE_SECRET_KEY: 'sk_live_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
      DATABASE_URL: 'postgres://u:p@db:5432/app',
    })
    expect(ok.isProduction).toBe(true)
    expect(ok.usesEmbeddedDatabase).toBe(false)
  })

  it('requires the webhook secret with a Stripe key (never the emulator’s public one)', () => {
    expect(() => parseEnv({ STRIPE_SECRET_KEY: 'sk_test_real' })).toThrow(
      /STRIPE_WEBHOOK_SECRET: required with/,
    )
    expect(
      parseEnv({ STRIPE_SECRET_KEY: 'sk_test_real', STRIPE_WEBHOOK_SECRET: 'whsec_real' }).STRIPE_SECRET_KEY,
    ).toBe('sk_test_real')
  })

  it('requires S3 credentials with a bucket', () => {
    expect(() => parseEnv({ S3_BUCKET: 'media' })).toThrow(/S3_ACCESS_KEY_ID/)
  })
})

describe('security headers', () => {
  it('send HSTS only for a production deployment, and always the rest', () => {
    const dev = Object.fromEntries(securityHeaders(false).map((h) => [h.key, h.value]))
    const prod = Object.fromEntries(securityHeaders(true).map((h) => [h.key, h.value]))
    expect(dev['Strict-Transport-Security']).toBeUndefined()
    expect(prod['Strict-Transport-Security']).toMatch(/max-age=\d+/)
    for (const headers of [dev, prod]) {
      expect(headers['X-Content-Type-Options']).toBe('nosniff')
      expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'self'")
      expect(headers['Content-Security-Policy']).toContain("object-src 'none'")
    }
    expect(prod['Content-Security-Policy']).not.toContain('unsafe-eval')
  })
})
