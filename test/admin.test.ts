import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
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

async function logIn(page: Page, email: string, password: string) {
  await page.goto(`${h.cms.url}/admin/login`)
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
    await expect(page.getByText('Our Wedding Story').first().waitFor({ timeout: 60_000 })).resolves.toBeUndefined()
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
})
