import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser } from 'playwright-core'

import { baseUrl, fixture, launchBrowser, newPage, screenshot } from './browser'

const signInStatus = async (email: string, password: string) =>
  (
    await fetch(`${baseUrl}/api/users/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })
  ).status

describe('changing one’s own password in the admin', () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('asks for the current password, and saves with it', async () => {
    const { email } = fixture.accounts.own_password
    const { page } = await newPage(browser)
    await page.goto('/admin/login')
    await page.fill('#field-username', email)
    await page.fill('#field-password', fixture.password)
    await page.click('button[type="submit"]')
    await page.waitForURL((url) => !url.pathname.endsWith('/admin/login'))

    await page.goto('/admin/account')
    await page.getByRole('button', { name: /change password/i }).click()
    await page.fill('#field-password', 'Changed-in-admin-1')
    await page.fill('#field-confirm-password', 'Changed-in-admin-1')

    // Without the current password the server refuses, naming what it needs.
    await page.click('#action-save')
    await page
      .locator('.payload-toast-container li', { hasText: /"currentPassword" or "currentCode"/ })
      .waitFor()
    expect(await signInStatus(email, 'Changed-in-admin-1')).toBe(401)

    // The refused save closed the password boxes.
    await page.getByRole('button', { name: /change password/i }).click()
    await page.fill('#field-password', 'Changed-in-admin-1')
    await page.fill('#field-confirm-password', 'Changed-in-admin-1')
    await page.fill('#field-currentPassword', fixture.password)
    await page.click('#action-save')
    await page.locator('.payload-toast-container li', { hasText: /successfully/i }).waitFor()
    await screenshot(page, 'own-password-changed')
    expect(await signInStatus(email, 'Changed-in-admin-1')).toBe(200)
    expect(await signInStatus(email, fixture.password)).toBe(401)
  })
})
