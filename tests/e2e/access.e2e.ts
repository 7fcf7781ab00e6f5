import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser } from 'playwright-core'

import {
  apiAs,
  baseUrl,
  fixture,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  signInQuickly,
  type Role,
} from './browser'

describe('who gets into the admin, and what they land on', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('refuses a trekker', async () => {
    const { page } = await newPage(browser)
    await signIn(page, 'trekker')
    await page.goto('/admin')
    await screenshot(page, 'trekker-refused')

    await expect(page.locator('.obs-dashboard').count()).resolves.toBe(0)
    await expect(page.locator('nav a[href="/admin/collections/treks"]').count()).resolves.toBe(0)
    expect(page.url()).toMatch(/\/admin\/(unauthorized|login)/)
  })

  const desks: Array<[Role, string, string[]]> = [
    ['ops_manager', 'Operations desk', ['Upcoming batches', 'Open incidents']],
    ['cs', 'Customer success desk', ['Recent bookings', 'Recent cancellations']],
    ['finance', 'Finance desk', ['Payments today']],
    ['content', 'Content desk', ['Draft treks']],
  ]

  it.each(desks)('lands %s on its own dashboard', async (role, title, panels) => {
    const { page, blocked } = await newPage(browser)
    await signIn(page, role)
    await page.locator('.obs-dashboard').waitFor()
    await screenshot(page, `dashboard-${role}`)

    await expect(page.locator('.obs-dashboard__title').textContent()).resolves.toBe(title)
    const headings = await page.locator('.obs-panel h3').allTextContents()
    expect(headings.map((heading) => heading.replace(/ \(.*\)$/, ''))).toEqual(panels)
    // The admin works on a closed network: no font, avatar or script from elsewhere.
    expect(blocked).toEqual([])
  })

  it("shows finance today's payment and a working export link", async () => {
    // Made just now, so it belongs to today's business day whenever the suite runs.
    const payment = await apiAs('super_admin', '/api/payments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        booking: fixture.booking,
        amount: 2345.67,
        status: 'success',
        method: 'card',
      }),
    })
    expect(payment.status).toBe(201)
    const { page } = await newPage(browser)
    await signInQuickly(page, 'finance')
    await page.goto('/admin')
    const panel = page.locator('[data-panel="paymentsToday"]')
    await panel.waitFor()

    await expect(panel.textContent()).resolves.toContain('₹2,345.67')
    const href = await panel.locator('a', { hasText: 'Export CSV' }).getAttribute('href')
    expect(href).toMatch(/^\/api\/payments\/export\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/)
    expect(new URL(href!, baseUrl).origin).toBe(baseUrl)
  })

  it('hides the collections a role does not use', async () => {
    const { page } = await newPage(browser)
    await signInQuickly(page, 'content')
    await page.goto('/admin')
    await page.locator('.obs-dashboard').waitFor()

    const links = await page
      .locator('nav a[href^="/admin/collections/"]')
      .evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')))
    expect(links).toEqual(
      expect.arrayContaining(['/admin/collections/treks', '/admin/collections/batches']),
    )
    expect(links).not.toContain('/admin/collections/bookings')
    expect(links).not.toContain('/admin/collections/payments')
    expect(links).not.toContain('/admin/collections/users')
    expect(fixture.accounts.content.email).toContain('content')
  })
})
