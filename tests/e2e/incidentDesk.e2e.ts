import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser } from 'playwright-core'

import { apiAs, fixture, launchBrowser, newPage, screenshot, signIn } from './browser'

describe('ops handling an SOS in the admin', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('ops acknowledges and resolves an incident with the Incident actions box', async () => {
    const raised = await apiAs('trekker', '/api/incidents', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        clientId: `e2e-sos-${Date.now()}`,
        latitude: 30.7,
        longitude: 79.6,
        occurredAt: new Date().toISOString(),
        message: 'Twisted ankle below the pass',
      }),
    })
    expect(raised.status).toBe(201)
    const id = raised.body.doc.id as number
    const { page, blocked } = await newPage(browser)
    await signIn(page, 'ops_manager')
    await page.goto(`/admin/collections/incidents/${id}`)

    await page.locator('#obs-incident-acknowledge').click()
    await page
      .locator('.obs-incident-actions__outcome', { hasText: 'Incident acknowledged' })
      .waitFor()
    // The reload shows the new status, so Acknowledge is no longer offered.
    await page.locator('#obs-incident-acknowledge').waitFor({ state: 'detached' })
    await page.fill('#obs-incident-note', 'Guide walked her down to camp')
    await page.locator('#obs-incident-resolve').click()
    await page.locator('.obs-incident-actions__outcome', { hasText: 'Incident resolved' }).waitFor()
    await page.locator('#obs-incident-resolve').waitFor({ state: 'detached' })
    await screenshot(page, 'ops-resolves-incident')
    expect(blocked).toEqual([])

    const incident = await apiAs('ops_manager', `/api/incidents/${id}?depth=0`)
    const ops = fixture.accounts.ops_manager.id
    expect(incident.body).toMatchObject({ status: 'resolved' })
    expect(incident.body.acknowledgedAt).toEqual(expect.any(String))
    expect(incident.body.resolvedAt).toEqual(expect.any(String))
    expect(incident.body.log).toEqual([
      // The e2e trekker has no emergency contact or guide, and OPS_ONCALL is empty here.
      expect.objectContaining({ by: null, note: expect.stringMatching(/^Nobody was alerted/) }),
      expect.objectContaining({ by: ops, note: 'Acknowledged' }),
      expect.objectContaining({ by: ops, note: 'Resolved: Guide walked her down to camp' }),
    ])
  })
})
