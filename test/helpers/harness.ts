import { afterAll, beforeAll } from '@jest/globals'

import { client } from './api'
import { startCms, type RunningCms } from './cms'
import { createTestDatabase } from './db'

export type CmsHarness = {
  cms: RunningCms
  api: ReturnType<typeof client>
  databaseUrl: string
}

/**
 * One CMS server per test file, on its own copy of the seeded database. Access the parts after
 * beforeAll has run (inside tests).
 */
export function useCms(options: { env?: Record<string, string> } = {}): CmsHarness {
  const harness = {} as CmsHarness
  let drop: (() => Promise<void>) | undefined
  beforeAll(async () => {
    const db = await createTestDatabase()
    drop = db.drop
    harness.databaseUrl = db.url
    harness.cms = await startCms({ databaseUrl: db.url, env: options.env })
    harness.api = client(harness.cms.url)
  }, 120_000)
  afterAll(async () => {
    await harness.cms?.stop()
    await drop?.()
  }, 60_000)
  return harness
}
