import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Browser, Page, Response } from 'playwright-core'

import { apiAs, fixture, launchBrowser, newPage, signIn } from './browser'

/** The policy's `script-src` sources, from a response's Content-Security-Policy header. */
function scriptSources(response: Response | null): string[] {
  const policy = response?.headers()['content-security-policy'] ?? ''
  const directive = policy.split(';').find((part) => part.trim().startsWith('script-src '))
  return directive ? directive.trim().split(/\s+/).slice(1) : []
}

function nonceOf(sources: string[]): string | undefined {
  return sources.find((source) => source.startsWith("'nonce-"))?.slice("'nonce-".length, -1)
}

/**
 * Every script the browser refused, from two witnesses: the page's own
 * `securitypolicyviolation` events (reported through a binding, which outlives navigations)
 * and chromium's console messages about the policy.
 */
async function recordViolations(page: Page): Promise<string[]> {
  const violations: string[] = []
  await page.exposeBinding('reportPolicyViolation', (_source, text: string) => {
    violations.push(text)
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportPolicyViolation: (text: string) => void })
        .reportPolicyViolation
      report(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`)
    })
  })
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      violations.push(message.text())
    }
  })
  return violations
}

/**
 * Each script element the server sent carries the nonce its response's policy named. Read from
 * the response, not the live page: a script that a trusted script inserts later (a lazily
 * loaded chunk) is trusted under 'strict-dynamic' without one, and whether it had arrived when
 * the page was read made this check flaky (a CI run); a blocked script shows as a violation.
 */
async function expectScriptsNonced(response: Response | null, nonce: string) {
  const html = await response!.text()
  const tags = html.match(/<script\b[^>]*>/g) ?? []
  expect(tags.length).toBeGreaterThan(0)
  const nonces = tags.map((tag) => /\snonce="([^"]*)"/.exec(tag)?.[1])
  expect(nonces.filter((value) => value !== nonce)).toEqual([])
}

describe("the admin's Content-Security-Policy", () => {
  let browser: Browser

  beforeAll(async () => {
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('allows only nonced scripts, and the admin runs without a violation', async () => {
    const { context, page } = await newPage(browser)
    const violations = await recordViolations(page)

    const login = await page.goto('/admin/login')
    const loginSources = scriptSources(login)
    expect(loginSources).toEqual(expect.arrayContaining(["'strict-dynamic'"]))
    expect(loginSources).not.toContain("'unsafe-inline'")
    const loginNonce = nonceOf(loginSources)
    expect(loginNonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
    await expectScriptsNonced(login, loginNonce!)

    await signIn(page, 'ops_manager')

    const list = await page.goto('/admin/collections/treks')
    await page.locator('table tbody tr').first().waitFor()
    const listNonce = nonceOf(scriptSources(list))
    // A fresh nonce for each page: one seen in a response cannot be reused by an injection.
    expect(listNonce).toBeDefined()
    expect(listNonce).not.toBe(loginNonce)
    expect(scriptSources(list)).not.toContain("'unsafe-inline'")
    await expectScriptsNonced(list, listNonce!)

    const edit = await page.goto(`/admin/collections/treks/${fixture.draftTrek.id}`)
    await page.locator('#field-description').waitFor()
    expect(scriptSources(edit)).not.toContain("'unsafe-inline'")
    await expectScriptsNonced(edit, nonceOf(scriptSources(edit))!)

    expect(violations).toEqual([])

    // The witnesses do see a violation: markup injected the way an XSS would, with an inline
    // handler and no nonce, is refused and reported. (A script element made by script is
    // trusted under 'strict-dynamic', so it cannot stand in for an injection.)
    const ran = await page.evaluate(async () => {
      document.body.insertAdjacentHTML(
        'beforeend',
        '<img src="data:," onerror="window.injectedScriptRan = true">',
      )
      await new Promise((resolve) => setTimeout(resolve, 300))
      return (window as unknown as { injectedScriptRan?: boolean }).injectedScriptRan === true
    })
    expect(ran).toBe(false)
    for (let waited = 0; violations.length === 0 && waited < 2000; waited += 100) {
      await page.waitForTimeout(100)
    }
    expect(violations.some((violation) => /script-src/.test(violation))).toBe(true)

    // Leave the trek unlocked for the other suites, as an expired lock would.
    await context.close()
    const lift = await apiAs(
      'super_admin',
      `/api/payload-locked-documents?where[document.value][equals]=${fixture.draftTrek.id}`,
      { method: 'DELETE' },
    )
    expect(lift.status).toBe(200)
  })

  it('keeps the fixed policy on API answers, which pass no proxy', async () => {
    const answer = await apiAs(null, '/api/health')
    const policy = answer.headers.get('content-security-policy') ?? ''

    expect(policy).toContain("default-src 'self'")
    expect(policy).not.toContain("'nonce-")
  })
})
