import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser } from 'playwright-core'

import { apiAs, launchBrowser, newPage, screenshot } from './browser'

describe('API documentation on the running server', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('serves a valid OpenAPI document listing the contract endpoints', async () => {
    const res = await apiAs(null, '/api/openapi.json')
    expect(res.status).toBe(200)
    const file = path.join(process.env.E2E_RESULTS ?? 'test-results', 'openapi.json')
    writeFileSync(file, JSON.stringify(res.body))

    const validation = spawnSync(process.execPath, ['tests/openapi/validateSpec.mjs', file], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    })
    expect(validation.stderr).toBe('')
    expect(validation.stdout.trim()).toBe('valid: OBS Trekking Tribe API')
    expect(res.body.paths['/api/bookings/{id}/cancel'].post).toBeDefined()
    expect(res.body.paths['/api/treks'].get).toBeDefined()
  })

  it('renders Swagger UI with nothing fetched from outside this server', async () => {
    const { page, blocked } = await newPage(browser)
    // Swagger UI reports a document it cannot render in the console, not on the page.
    const problems: string[] = []
    page.on('pageerror', (err) => problems.push(err.message))
    page.on('console', (message) => {
      if (message.type() === 'error') {
        problems.push(message.text())
      }
    })
    await page.goto('/api/docs')
    await page.waitForLoadState('networkidle')
    expect(problems).toEqual([])
    // Tags start collapsed; a reader opens the one they need.
    const signIn = page.locator('.opblock-tag', { hasText: /^Sign-in/ })
    await signIn.click()
    await page
      .locator('.opblock-summary-path', { hasText: '/api/users/otp/request' })
      .first()
      .waitFor()
    await screenshot(page, 'api-docs', false)

    await expect(page.locator('.info .title').textContent()).resolves.toContain(
      'OBS Trekking Tribe API',
    )
    const tags = await page.locator('.opblock-tag').allTextContents()
    expect(tags.map((tag) => tag.split(/\s/)[0])).toEqual(
      expect.arrayContaining(['Sign-in', 'Catalog', 'Bookings', 'Payments', 'Community', 'SOS']),
    )
    expect(await page.locator('.opblock').count()).toBeGreaterThanOrEqual(10)
    expect(blocked).toEqual([])
  })

  it('keeps the GraphQL playground off in production', async () => {
    const res = await apiAs(null, '/api/graphql-playground')

    expect(res.status).toBe(404)
  })
})
