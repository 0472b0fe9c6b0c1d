import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload, SanitizedConfig } from 'payload'

import { createTestDatabase } from './helpers/db'
import { closePayload, openPayload } from './helpers/payload'

const ROOT = path.resolve(import.meta.dirname, '..')
const MIGRATIONS = path.join(ROOT, 'src/migrations')

let payload: Payload
let config: SanitizedConfig
let drop: () => Promise<void>

beforeAll(async () => {
  const db = await createTestDatabase()
  drop = db.drop
  ;({ payload, config } = await openPayload(db.url))
})

afterAll(async () => {
  await closePayload(payload)
  await drop?.()
})

describe('schema, migrations and generated files agree', () => {
  it('the config has no change that the committed migrations lack', async () => {
    const adapter = payload.db as unknown as {
      schema: unknown
      requireDrizzleKit: () => {
        generateDrizzleJson: (schema: unknown) => Promise<{ version: string }>
        generateMigration: (before: unknown, after: unknown) => Promise<string[]>
        upSnapshot?: (snapshot: unknown) => unknown
      }
    }
    const kit = adapter.requireDrizzleKit()
    const after = await kit.generateDrizzleJson(adapter.schema)
    const latest = readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .pop()
    expect(latest).toBeDefined()
    const before = JSON.parse(readFileSync(path.join(MIGRATIONS, latest!), 'utf8'))
    const statements = await kit.generateMigration(before, after)
    // a failure lists the SQL a new migration needs: run `npm run migrate:create -- <name>`
    expect(statements).toEqual([])
  })

  it('every committed migration has been applied to a database built from them', async () => {
    const { sql } = await import('@payloadcms/db-postgres')
    const { rows } = (await payload.db.drizzle.execute(
      sql`select name from payload_migrations order by id`,
    )) as unknown as {
      rows: Array<{ name: string }>
    }
    const committed = readdirSync(MIGRATIONS)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort()
    expect(
      rows
        .map((r) => r.name)
        .filter((n) => n !== 'dev')
        .sort(),
    ).toEqual(committed)
  })

  it("Payload's job endpoints are for admins only", async () => {
    const access = config.jobs.access!
    const as = (roles: string[] | null) => ({ req: { user: roles ? { id: 1, roles } : null } }) as never
    for (const action of ['run', 'queue', 'cancel'] as const) {
      expect(await access[action]!(as(['admin']))).toBe(true)
      for (const roles of [null, ['customer'], ['editor'], ['integration']]) {
        expect(await access[action]!(as(roles))).toBe(false)
      }
    }
  })

  it('src/payload-types.ts and the admin import map are up to date', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'smm-types-'))
    try {
      const { generateTypes } = await import('payload/node')
      const { generateImportMap } = await import('payload')
      const typesFile = path.join(dir, 'payload-types.ts')
      await generateTypes(
        { ...config, typescript: { ...config.typescript, outputFile: typesFile } },
        { log: false },
      )
      expect(readFileSync(typesFile, 'utf8')).toBe(
        readFileSync(path.join(ROOT, 'src/payload-types.ts'), 'utf8'),
      )

      // beside the real one: the map names the project's own components by relative path
      const importMapFile = path.join(ROOT, 'src/app/(payload)/admin/.importMap.check.js')
      try {
        await generateImportMap(
          { ...config, admin: { ...config.admin, importMap: { ...config.admin.importMap, importMapFile } } },
          { log: false, force: true },
        )
        expect(readFileSync(importMapFile, 'utf8')).toBe(
          readFileSync(path.join(ROOT, 'src/app/(payload)/admin/importMap.js'), 'utf8'),
        )
      } finally {
        rmSync(importMapFile, { force: true })
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
