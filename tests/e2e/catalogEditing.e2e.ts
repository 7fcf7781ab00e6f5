import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'

import {
  apiAs,
  fixture,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  signInQuickly,
} from './browser'

/** Picks an option of one of Payload's select or relationship fields. */
async function choose(page: Page, field: string, option: string) {
  await page.click(`#field-${field} .rs__control`)
  await page.locator('.rs__option', { hasText: option }).first().click()
}

async function save(page: Page) {
  await page.click('#action-save')
  await page.locator('.payload-toast-container li', { hasText: /successfully/i }).waitFor()
}

describe('catalog editing in the admin', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('a content manager edits a trek and it stays a draft', async () => {
    const { context, page } = await newPage(browser)
    await signIn(page, 'content')
    await page.goto(`/admin/collections/treks/${fixture.draftTrek.id}`)

    const description = 'Snow trails through oak and pine to a 3,800 m summit; edited in e2e.'
    await page.fill('#field-description', description)
    await save(page)
    await screenshot(page, 'content-saves-draft')

    // An open editor renews its lock on the trek; the content manager leaves first.
    await context.close()
    // Payload keeps the editor's lock on the trek for minutes after they leave; lift it here,
    // standing in for its expiry, so ops opens the trek editable rather than locked.
    const lift = await apiAs(
      'super_admin',
      `/api/payload-locked-documents?where[document.value][equals]=${fixture.draftTrek.id}`,
      { method: 'DELETE' },
    )
    expect(lift.status).toBe(200)

    const trek = await apiAs('ops_manager', `/api/treks/${fixture.draftTrek.id}`)
    expect(trek.body.description).toBe(description)
    expect(trek.body.status).toBe('draft')
    expect((await apiAs(null, `/api/treks/${fixture.draftTrek.id}`)).status).toBe(404)
  })

  it('an ops manager publishes the draft', async () => {
    const { page } = await newPage(browser)
    await signInQuickly(page, 'ops_manager')
    await page.goto(`/admin/collections/treks/${fixture.draftTrek.id}`)

    await choose(page, 'status', 'active')
    await save(page)
    await screenshot(page, 'ops-publishes-trek')

    const published = await apiAs(null, `/api/treks/${fixture.draftTrek.id}`)
    expect(published.status).toBe(200)
    expect(published.body.status).toBe('active')
  })

  it('an ops manager creates a batch, which becomes the trek card’s next batch', async () => {
    const { page } = await newPage(browser)
    await signInQuickly(page, 'ops_manager')
    await page.goto('/admin/collections/batches/create')

    await choose(page, 'trek', fixture.draftTrek.name)
    await page.fill('#field-startDate input', '2027-03-15')
    await page.keyboard.press('Escape')
    await page.fill('#field-endDate input', '2027-03-21')
    await page.keyboard.press('Escape')
    await page.fill('#field-totalSeats', '16')
    await page.fill('#field-price', '13999')
    await save(page)
    await page.waitForURL(/\/admin\/collections\/batches\/\d+$/)
    await screenshot(page, 'ops-creates-batch')

    const id = page.url().split('/').pop()
    const batch = await apiAs('ops_manager', `/api/batches/${id}?depth=0`)
    expect(batch.body).toMatchObject({
      trek: fixture.draftTrek.id,
      totalSeats: 16,
      price: 13999,
      status: 'open',
    })
    expect(batch.body.startDate.slice(0, 10)).toBe('2027-03-15')
    const trek = await apiAs(null, `/api/treks/${fixture.draftTrek.id}`)
    expect(trek.body.nextBatch.price).toBe(13999)
    expect(trek.body.seatsLeft).toBe(16)
  })
})
