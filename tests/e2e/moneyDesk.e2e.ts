import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser } from 'playwright-core'

import { apiAs, fixture, launchBrowser, newPage, screenshot, signInQuickly } from './browser'

describe('money taken and given back in the admin', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('finance records cash taken at the office against a booking', async () => {
    const id = fixture.offlineBooking
    const { page } = await newPage(browser)
    await signInQuickly(page, 'finance')
    await page.goto(`/admin/collections/bookings/${id}`)

    await page.fill('#obs-offline-amount', '5000')
    await page.selectOption('#obs-offline-method', 'cash')
    await page.fill('#obs-offline-reference', 'Receipt 2231')
    await page.click('#obs-record-offline-payment')
    const outcome = page.locator('.obs-offline-payment__outcome')
    await outcome.waitFor()
    await screenshot(page, 'finance-records-offline-payment')

    await expect(outcome.textContent()).resolves.toBe(
      'Recorded ₹5,000.00 (cash). Balance due ₹7,000.00; booking pending.',
    )
    const booking = await apiAs('super_admin', `/api/bookings/${id}?depth=0`)
    expect(booking.body).toMatchObject({ amountPaid: 5000, balanceDue: 7000, status: 'pending' })
    const payments = await apiAs('super_admin', `/api/payments?where[booking][equals]=${id}`)
    expect(payments.body.docs).toEqual([
      expect.objectContaining({ amount: 5000, method: 'cash', status: 'success' }),
    ])
  })

  it('finance queues a partial refund of a payment', async () => {
    const id = fixture.refundPayment
    const { page } = await newPage(browser)
    await signInQuickly(page, 'finance')
    await page.goto(`/admin/collections/payments/${id}`)

    await page.fill('#obs-refund-amount', '1500')
    await page.fill('#obs-refund-reason', 'Room upgrade not provided')
    await page.click('#obs-refund-payment')
    const outcome = page.locator('.obs-refund-payment__outcome')
    await outcome.waitFor()
    await screenshot(page, 'finance-refunds-payment')

    await expect(outcome.textContent()).resolves.toBe('Refund of ₹1,500.00 queued with Razorpay.')
    const payment = await apiAs('super_admin', `/api/payments/${id}?depth=0`)
    expect(payment.body.refunds).toEqual([
      expect.objectContaining({
        amount: 1500,
        status: 'queued',
        source: 'staff',
        reason: 'Room upgrade not provided',
      }),
    ])
  })

  it('cs sees no refund box on a payment', async () => {
    const { page } = await newPage(browser)
    await signInQuickly(page, 'cs')
    await page.goto(`/admin/collections/payments/${fixture.refundPayment}`)
    await page.locator('#field-status').waitFor()

    await expect(page.locator('#obs-refund-payment').count()).resolves.toBe(0)
  })
})
