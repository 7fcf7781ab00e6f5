import { readFileSync } from 'node:fs'
import path from 'node:path'

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Set by scripts/e2e.mjs, which started the server and seeded these accounts. */
export const baseUrl = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000'
export const resultsDir = process.env.E2E_RESULTS ?? 'test-results'

type Fixture = {
  password: string
  accounts: Record<string, { id: number; email: string }>
  draftTrek: { id: number; name: string }
  activeTrek: { id: number; name: string }
  batch: number
  booking: number
  cancelBooking: { id: number; refundDue: number }
  offlineBooking: number
  refundPayment: number
  export: {
    day: string
    booking: number
    trek: string
    batchStart: string
    trekker: string
    payments: Array<{ id: number; createdAt: string }>
  }
}
export const fixture: Fixture = JSON.parse(
  readFileSync(process.env.E2E_FIXTURE ?? 'test-results/e2e-fixture.json', 'utf8'),
)

export type Role =
  'super_admin' | 'ops_manager' | 'cs' | 'finance' | 'content' | 'guide' | 'trekker'

/**
 * Debian's chromium, headless and cut off from every outside service. Playwright gives each
 * launch a fresh temporary --user-data-dir of its own.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

const isLocal = (url: string) =>
  /^(https?|wss?):\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url) || /^(data|blob):/.test(url)

/**
 * A fresh context (own cookies) whose requests may only reach this server; anything else
 * is aborted and recorded in `blocked`, so a test can prove a page needs nothing outside.
 */
export async function newPage(
  browser: Browser,
): Promise<{ context: BrowserContext; page: Page; blocked: string[] }> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1400, height: 1000 },
  })
  const blocked: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (isLocal(url)) {
      return route.continue()
    }
    blocked.push(url)
    return route.abort()
  })
  return { context, page: await context.newPage(), blocked }
}

/** Signs in through the admin's own login form. */
export async function signIn(page: Page, role: Role) {
  await page.goto('/admin/login')
  // Users also sign in by username, so the form's one field takes an e-mail or a username.
  await page.fill('#field-username', fixture.accounts[role].email)
  await page.fill('#field-password', fixture.password)
  await page.click('button[type="submit"]')
  await page.waitForURL((url) => !url.pathname.endsWith('/admin/login'))
}

/** Signs in through REST, which sets the same cookie the login form does; faster. */
export async function signInQuickly(page: Page, role: Role) {
  const res = await page.request.post('/api/users/login', {
    data: { email: fixture.accounts[role].email, password: fixture.password },
  })
  if (!res.ok()) {
    throw new Error(`sign-in of ${role} failed: ${res.status()}`)
  }
}

export async function screenshot(page: Page, name: string, fullPage = true) {
  await page.screenshot({ path: path.join(resultsDir, `${name}.png`), fullPage })
}

/** REST calls as a role, to check what the browser did. */
export async function apiAs(role: Role | null, pathname: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers)
  if (role) {
    const login = await fetch(`${baseUrl}/api/users/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: fixture.accounts[role].email, password: fixture.password }),
    })
    headers.set('Authorization', `Bearer ${(await login.json()).token}`)
  }
  const res = await fetch(`${baseUrl}${pathname}`, { ...init, headers })
  const text = await res.text()
  return {
    status: res.status,
    body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text,
    headers: res.headers,
  }
}
