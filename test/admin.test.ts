import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import pg from 'pg'
import type { Browser, Page } from 'playwright-core'

import { launchBrowser } from './helpers/browser'
import { SEED } from './helpers/constants'
import { useCms } from './helpers/harness'

/** The admin in a real browser, under the CMS's Content-Security-Policy. */
const h = useCms()
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
})

async function openPage(): Promise<{ page: Page; cspViolations: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const page = await context.newPage()
  const cspViolations: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text())
  })
  return { page, cspViolations }
}

async function logIn(page: Page, email: string, password: string, base = h.cms.url) {
  await page.goto(`${base}/admin/login`)
  await page.fill('input[name="email"]', email)
  await page.fill('input[name="password"]', password)
  await page.click('button[type="submit"]')
}

describe('admin UI', () => {
  it('an editor signs in and sees the seeded templates, with no CSP violation', async () => {
    const { page, cspViolations } = await openPage()
    await logIn(page, SEED.editor.email, SEED.editor.password)
    await page.waitForURL(/\/admin\/?$/, { timeout: 60_000 })
    await page.goto(`${h.cms.url}/admin/collections/books`)
    await expect(
      page.getByText('Our Wedding Story').first().waitFor({ timeout: 60_000 }),
    ).resolves.toBeUndefined()
    expect(cspViolations).toEqual([])
    await page.context().close()
  })

  it('shows media thumbnails whatever host name the admin is opened at', async () => {
    // the CMS's URL says 127.0.0.1; the admin is opened at localhost
    const other = h.cms.url.replace('127.0.0.1', 'localhost')
    const { page, cspViolations } = await openPage()
    await logIn(page, SEED.editor.email, SEED.editor.password, other)
    await page.waitForURL(/\/admin\/?$/, { timeout: 60_000 })
    await page.goto(`${other}/admin/collections/media`)
    const thumbnails = page.locator('img[src*="/api/media/file/"]')
    await thumbnails.first().waitFor({ timeout: 60_000 })
    await page.waitForFunction(() => [...document.images].every((image) => image.complete), undefined, {
      timeout: 30_000,
    })
    const shown = await page.evaluate(() =>
      [...document.images]
        .filter((image) => image.src.includes('/api/media/file/'))
        .map((image) => ({ src: new URL(image.src).host, loaded: image.naturalWidth > 0 })),
    )
    expect(shown.length).toBeGreaterThanOrEqual(3)
    expect(shown.filter((image) => !image.loaded)).toEqual([])
    expect(cspViolations).toEqual([])
    await page.context().close()
  })

  it('a customer cannot enter the admin', async () => {
    const { page } = await openPage()
    await logIn(page, SEED.customer.email, SEED.customer.password)
    await page.waitForTimeout(1_500)
    await page.goto(`${h.cms.url}/admin/collections/books`)
    await page.waitForLoadState('networkidle')
    expect(page.url()).not.toMatch(/\/admin\/collections\/books/)
    expect(await page.getByText('Our Wedding Story').count()).toBe(0)
    await page.context().close()
  })

  it('an admin retries a failed job with its button; the job is queued again with fresh attempts', async () => {
    const db = new pg.Client({ connectionString: h.databaseUrl })
    await db.connect()
    try {
      const { rows } = await db.query(
        `insert into payload_jobs (task_slug, input, queue, has_error, total_tried, error)
         values ('diagnostic', '{"label":"admin-retry"}', 'default', true, 3, '{"message":"asked to fail"}')
         returning id`,
      )
      const id = rows[0].id
      const { page, cspViolations } = await openPage()
      await logIn(page, SEED.admin.email, SEED.admin.password)
      await page.waitForURL(/\/admin\/?$/, { timeout: 60_000 })
      await page.goto(`${h.cms.url}/admin/collections/payload-jobs/${id}`)
      const button = page.getByRole('button', { name: 'Retry this job' })
      await button.waitFor({ timeout: 60_000 })
      // the job's input and last error show in the code editor, served by the CMS (no CDN)
      // (each editor fills in its text after it appears: wait for the one with the error)
      const lastError = page.locator('.monaco-editor').filter({ hasText: 'asked to fail' })
      await lastError.first().waitFor({ timeout: 30_000 })
      await expect(lastError.count()).resolves.toBe(1)
      await button.click()
      await page.getByRole('status').filter({ hasText: 'Queued again' }).waitFor({ timeout: 30_000 })
      const after = (
        await db.query(
          'select has_error, total_tried::int as total_tried, error from payload_jobs where id = $1',
          [id],
        )
      ).rows[0]
      expect(after).toEqual({ has_error: false, total_tried: 0, error: null })
      expect(cspViolations).toEqual([])
      await page.context().close()

      // an editor may not even open the jobs
      const editor = await openPage()
      await logIn(editor.page, SEED.editor.email, SEED.editor.password)
      await editor.page.waitForURL(/\/admin\/?$/, { timeout: 60_000 })
      await editor.page.goto(`${h.cms.url}/admin/collections/payload-jobs/${id}`)
      await editor.page.waitForLoadState('networkidle')
      expect(await editor.page.getByRole('button', { name: 'Retry this job' }).count()).toBe(0)
      await editor.page.context().close()
    } finally {
      await db.end()
    }
  })
})
