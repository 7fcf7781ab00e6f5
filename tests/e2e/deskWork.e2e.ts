import { readFileSync } from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser } from 'playwright-core'

import { kolkataDay } from '@/shared/time'

import {
  apiAs,
  fixture,
  launchBrowser,
  newPage,
  resultsDir,
  screenshot,
  signIn,
  signInQuickly,
} from './browser'

describe('the desks’ daily work in the admin', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('finance reads a booking but is offered no cancel action', async () => {
    const { context, page } = await newPage(browser)
    await signInQuickly(page, 'finance')
    await page.goto(`/admin/collections/bookings/${fixture.cancelBooking.id}`)
    await page.locator('#field-status').waitFor()

    await expect(page.locator('#obs-cancel-booking').count()).resolves.toBe(0)
    await context.close()
  })

  it('cs cancels a paid booking and sees the refund the policy gives', async () => {
    const { id, refundDue } = fixture.cancelBooking
    const batchId = (await apiAs('super_admin', `/api/bookings/${id}?depth=0`)).body.batch
    const seatsBefore = (await apiAs('ops_manager', `/api/batches/${batchId}?depth=0`)).body
    const { page, blocked } = await newPage(browser)
    await signIn(page, 'cs')
    await page.goto(`/admin/collections/bookings/${id}`)

    const button = page.locator('#obs-cancel-booking')
    await expect(button.isDisabled()).resolves.toBe(true)
    const reason = 'Trekker has a knee injury; cancelled on call 4471'
    await page.fill('#obs-cancel-reason', reason)
    await button.click()
    const outcome = page.locator('.obs-cancel-booking__outcome', { hasText: '₹' })
    await outcome.waitFor()
    await expect(outcome.textContent()).resolves.toBe(
      'Cancelled. Refund due under the cancellation policy: ₹10,800.00 (queued).',
    )
    // The page reloads the document, so the cancellation fields show what the server wrote.
    await page.waitForFunction(
      (expected) =>
        document.querySelector<HTMLInputElement>('#field-cancellationReason')?.value === expected,
      reason,
    )
    await screenshot(page, 'cs-cancels-booking')
    expect(blocked).toEqual([])

    const booking = await apiAs('super_admin', `/api/bookings/${id}?depth=0`)
    expect(booking.body).toMatchObject({
      status: 'cancelled',
      cancellationReason: reason,
      cancelledBy: fixture.accounts.cs.id,
      refundDue,
    })
    const payments = await apiAs('super_admin', `/api/payments?where[booking][equals]=${id}`)
    expect(payments.body.docs).toHaveLength(1)
    expect(payments.body.docs[0].refunds).toEqual([
      expect.objectContaining({ amount: refundDue, status: 'queued', source: 'cancellation' }),
    ])
    const seats = await apiAs('ops_manager', `/api/batches/${batchId}?depth=0`)
    expect(seats.body.availableSeats).toBe(seatsBefore.availableSeats + 1)
  })

  it('finance exports one business day of payments and the file has exactly its rows', async () => {
    const { day, payments } = fixture.export
    const { page } = await newPage(browser)
    await signInQuickly(page, 'finance')
    await page.goto('/admin/collections/payments')
    await page.fill('input[name="from"]', day)
    await page.fill('input[name="to"]', day)
    await screenshot(page, 'finance-exports-payments')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:has-text("Export CSV")'),
    ])
    const file = path.join(resultsDir, 'finance-export.csv')
    await download.saveAs(file)
    expect(download.suggestedFilename()).toMatch(/^obs-payments-\d{4}-\d{2}-\d{2}\.csv$/)

    const text = readFileSync(file, 'utf8')
    expect(text.startsWith('\uFEFF')).toBe(true)
    const lines = text.slice(1).split('\r\n')
    const common = [
      String(fixture.export.booking),
      fixture.export.trek,
      kolkataDay(fixture.export.batchStart),
      fixture.export.trekker,
    ]
    expect(lines).toEqual([
      'Booking,Trek,Batch date,Trekker,Method,Status,Amount (INR),Refunded (INR),Currency,' +
        'Razorpay order id,Razorpay payment id,Razorpay refund ids,Reference,Created at',
      [
        ...common,
        'upi',
        'success',
        '5000.00',
        '0.00',
        'INR',
        'order_e2e_x0',
        'pay_e2e_x1',
        '',
        '',
        '2026-11-09T18:30:00.000Z',
      ].join(','),
      [
        ...common,
        'card',
        'failed',
        '2500.50',
        '0.00',
        'INR',
        'order_e2e_x1',
        '',
        '',
        '',
        '2026-11-10T18:29:00.000Z',
      ].join(','),
      '',
    ])
    expect(payments.map((payment) => payment.createdAt)).toEqual([
      '2026-11-09T18:30:00.000Z',
      '2026-11-10T18:29:00.000Z',
      '2026-11-09T18:29:59.000Z',
      '2026-11-10T18:30:00.000Z',
    ])
  })
})
