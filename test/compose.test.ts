import { readFileSync } from 'node:fs'
import path from 'node:path'

import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'

import { EnvError, parseEnv } from '../src/lib/env'

/**
 * docker-compose.yml is read by Docker, not by the app, so nothing else notices when it falls behind
 * src/lib/env.ts. These checks parse it (no Docker needed) against the app's own validation.
 */

type Service = {
  depends_on?: string[] | Record<string, { condition?: string }>
  environment?: string[] | Record<string, string | number | boolean | null>
}

const compose = parse(
  readFileSync(path.resolve(import.meta.dirname, '..', 'docker-compose.yml'), 'utf8'),
) as {
  services: Record<string, Service>
}
const services = compose.services ?? {}
const cms = services.cms ?? {}

/** `environment:` as a map, whichever of the two forms compose allows is used. */
function environmentOf(service: Service): Record<string, string> {
  const given = service.environment ?? {}
  const entries = Array.isArray(given)
    ? given.map((line) => {
        const at = line.indexOf('=')
        return at === -1 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)]
      })
    : Object.entries(given).map(([name, value]) => [name, value == null ? '' : String(value)])
  return Object.fromEntries(entries)
}

/** Compose's interpolation, as if the operator had set every required (`:?`) variable. */
function interpolate(value: string): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?:(:?[-?])([^}]*))?\}/g,
    (_match, name: string, op?: string, rest?: string) =>
      op?.endsWith('-') ? (rest ?? '') : `set-by-operator-${name.toLowerCase().replace(/_/g, '-')}`,
  )
}

function dependsOn(service: Service): Record<string, string | undefined> {
  const given = service.depends_on ?? {}
  return Array.isArray(given)
    ? Object.fromEntries(given.map((name) => [name, undefined]))
    : Object.fromEntries(Object.entries(given).map(([name, spec]) => [name, spec?.condition]))
}

/** The variables parseEnv names when APP_ENV=production is given nothing else. */
function requiredInProduction(): string[] {
  let message = ''
  try {
    parseEnv({ APP_ENV: 'production' })
  } catch (err) {
    if (!(err instanceof EnvError)) throw err
    message = err.message
  }
  const names = new Set<string>()
  for (const [, list] of message.matchAll(/^ {2}([A-Z0-9_]+(?: \/ [A-Z0-9_]+)*):/gm)) {
    for (const name of list.split(' / ')) names.add(name)
  }
  return [...names]
}

const environment = environmentOf(cms)
const resolved = Object.fromEntries(
  Object.entries(environment).map(([name, value]) => [name, interpolate(value)]),
)
const appRequired = requiredInProduction()
const deploymentWired = [
  'DATABASE_URL',
  'REDIS_URL',
  'S3_BUCKET',
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
]

describe('docker-compose.yml', () => {
  it('has the backing services and the cms', () => {
    for (const name of ['postgres', 'redis', 'minio', 'minio-init', 'cms']) {
      expect(Object.keys(services)).toContain(name)
    }
  })

  it('starts the cms only after its database, cache and bucket are ready', () => {
    const deps = dependsOn(cms)
    expect(Object.keys(deps)).toEqual(expect.arrayContaining(['postgres', 'redis', 'minio-init']))
    expect(deps.postgres).toBe('service_healthy')
    expect(deps.redis).toBe('service_healthy')
    expect(deps['minio-init']).toBe('service_completed_successfully')
  })

  it('finds the variables production requires in env.ts', () => {
    // guards the parsing below: if env.ts stops naming them, this test must not pass vacuously
    expect(appRequired).toEqual(
      expect.arrayContaining(['PAYLOAD_SECRET', 'INTERNAL_API_SECRET', 'REVALIDATE_SECRET']),
    )
  })

  it('wires every variable the app requires in production, and the deployment ones', () => {
    const missing = [...appRequired, ...deploymentWired].filter((name) => !environment[name])
    expect(missing).toEqual([])
    expect(environment.APP_ENV).toBe('production')
  })

  it('takes the required secrets from the operator, never a value written in the file', () => {
    for (const name of appRequired) {
      expect([name, environment[name]]).toEqual([
        name,
        expect.stringMatching(new RegExp(`^\\$\\{${name}:\\?`)),
      ])
    }
  })

  it('gives the app a configuration that passes its own production validation', () => {
    const env = parseEnv(resolved)
    expect(env.isProduction).toBe(true)
    expect(env.usesEmbeddedDatabase).toBe(false)
    expect(env.S3_FORCE_PATH_STYLE).toBe(true)
  })

  it('points DATABASE_URL, REDIS_URL and S3_ENDPOINT at the compose services', () => {
    expect(new URL(resolved.DATABASE_URL).hostname).toBe('postgres')
    expect(new URL(resolved.REDIS_URL).hostname).toBe('redis')
    expect(new URL(resolved.S3_ENDPOINT).hostname).toBe('minio')
  })

  it('runs a jobs worker from the same image with the same configuration, after the cms migrated', () => {
    const worker = services.worker ?? {}
    expect((worker as { build?: unknown }).build).toEqual((cms as { build?: unknown }).build)
    expect((worker as { command?: string[] }).command?.join(' ')).toMatch(/src\/scripts\/worker\.ts/)
    expect(environmentOf(worker)).toEqual(environmentOf(cms))
    expect(dependsOn(worker)).toEqual({ cms: 'service_healthy' })
  })
})
