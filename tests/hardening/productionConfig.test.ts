import { spawnSync } from 'node:child_process'

import { describe, expect, it } from '@jest/globals'

import { loadEnv } from '@/config/env'

const PRODUCTION = {
  NODE_ENV: 'production' as const,
  DATABASE_URI: 'postgres://obs@127.0.0.1:5432/obs',
  RAZORPAY_KEY_ID: 'rzp_live_x',
  RAZORPAY_KEY_SECRET: 'k',
  RAZORPAY_WEBHOOK_SECRETS: 'w',
  SMS_HTTP_URL: 'http://127.0.0.1:9/sms',
  SMTP_URL: 'smtp://127.0.0.1:2525',
}

/** Loads src/config/env.ts in a fresh process, as `next start` would, and reports the outcome. */
function loadInProduction(extra: Record<string, string>) {
  const script = `import('./src/config/env.ts').then(
    ({ env }) => console.log(JSON.stringify({ ok: true, cookieSecure: env.cookieSecure, hops: env.trustedProxyHops, csrf: env.csrfOrigins, limits: env.limits })),
    (err) => console.log(JSON.stringify({ ok: false, message: err.message })),
  )`
  const child = spawnSync('npx', ['tsx', '-e', script], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...PRODUCTION, ...extra },
    encoding: 'utf8',
    timeout: 30_000,
  })
  const line = child.stdout.trim().split('\n').pop() ?? ''
  return JSON.parse(line) as { ok: boolean; message?: string; [key: string]: unknown }
}

const STRONG = 'r8Jx2Qv9LmZ4pT7wYc1NbF6hKd3GsA0e5UiOq'

describe('production start-up refuses weak settings', () => {
  it.each([
    ['too short', 'Sh0rt-but-random!'],
    ['a repeated pattern', 'a'.repeat(40)],
    ['a counting pattern', '1234512345123451234512345123451234512345'],
    ['the development default', 'obs-local-development-secret-not-for-production'],
  ])('refuses a PAYLOAD_SECRET that is %s', (_, secret) => {
    const result = loadInProduction({ PAYLOAD_SECRET: secret })

    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/PAYLOAD_SECRET must be at least 32 random characters/)
  })

  it('starts with a strong secret: secure cookies, one trusted proxy, default limits', () => {
    const result = loadInProduction({
      PAYLOAD_SECRET: STRONG,
      CORS_ORIGINS: 'https://www.obs.in/, https://app.obs.in',
    })

    expect(result).toEqual({
      ok: true,
      cookieSecure: true,
      hops: 1,
      csrf: ['https://www.obs.in', 'https://app.obs.in'],
      limits: {
        apiBodyBytes: 1048576,
        uploadFileBytes: 10485760,
        memberUploadsPerHour: 30,
        postMaxChars: 10000,
        memberPostsPerHour: 30,
      },
    })
  })

  it('lists a missing secret by name', () => {
    const result = loadInProduction({})

    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/missing environment variables: PAYLOAD_SECRET/)
  })

  it('names every problem in one start: the missing variables and a weak secret', () => {
    const result = loadInProduction({ PAYLOAD_SECRET: 'short', SMTP_URL: '' })

    expect(result).toEqual({
      ok: false,
      message:
        'OBS cannot start in production: missing environment variables: SMTP_URL; ' +
        'PAYLOAD_SECRET must be at least 32 random characters (for example ' +
        '`openssl rand -base64 48`), not a repeated pattern or the development default',
    })
  })

  it('names the console SMS provider as the alternative to SMS_HTTP_URL', () => {
    const result = loadInProduction({ PAYLOAD_SECRET: STRONG, SMS_HTTP_URL: '' })

    expect(result).toEqual({
      ok: false,
      message:
        'OBS cannot start in production: missing environment variables: ' +
        'SMS_HTTP_URL (or SMS_PROVIDER=console, which sends no SMS)',
    })
  })
})

describe('origin allowlists', () => {
  it('keeps origins the way browsers send them and CSRF_ORIGINS overrides the default', () => {
    const config = loadEnv({
      NODE_ENV: 'test',
      CORS_ORIGINS: 'https://app.obs.in/, http://localhost:5173',
      CSRF_ORIGINS: 'https://admin.obs.in',
    })

    expect(config.corsOrigins).toEqual(['https://app.obs.in', 'http://localhost:5173'])
    expect(config.csrfOrigins).toEqual(['https://admin.obs.in'])
  })

  it.each(['app.obs.in', 'ftp://files.obs.in', '*'])('refuses %s as an origin', (entry) => {
    expect(() => loadEnv({ NODE_ENV: 'test', CORS_ORIGINS: entry })).toThrow(/CORS_ORIGINS/)
  })
})

describe('security headers (next.config.mjs)', () => {
  it('sends nosniff, frame and referrer policies everywhere and a fixed CSP outside the admin and API docs', async () => {
    const nextConfig = (await import('../../next.config.mjs')).default as {
      headers: () => Promise<
        Array<{ source: string; headers: Array<{ key: string; value: string }> }>
      >
    }
    const rules = await nextConfig.headers()
    const everywhere = rules.find(
      (rule) => rule.source === '/:path*' && rule.headers.some((h) => h.key === 'X-Frame-Options'),
    )
    const csp = rules.find((rule) => rule.headers.some((h) => h.key === 'Content-Security-Policy'))

    expect(Object.fromEntries(everywhere!.headers.map((h) => [h.key, h.value]))).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    })
    const policy = csp!.headers[0].value
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).toContain("object-src 'none'")
    expect(policy).toContain("default-src 'self'")
    const source = new RegExp(`^/${csp!.source.replace('/:path(', '(')}$`)
    // The admin's pages get a nonce policy from src/proxy.ts instead.
    expect(source.test('/admin')).toBe(false)
    expect(source.test('/admin/collections/treks')).toBe(false)
    expect(source.test('/administrators')).toBe(true)
    expect(source.test('/api/treks')).toBe(true)
    expect(source.test('/api/docs')).toBe(false)
    expect(source.test('/api/docs/swagger-ui.css')).toBe(false)
  })
})

describe("the admin's nonce policy (src/proxy.ts)", () => {
  it('sends a fresh nonce with strict-dynamic and no inline script allowance', async () => {
    const { proxy, config } = await import('../../src/proxy')
    const { NextRequest } = await import('next/server')
    const first = proxy(new NextRequest('http://localhost/admin/collections/treks'))
    const second = proxy(new NextRequest('http://localhost/admin'))

    const policy = first.headers.get('Content-Security-Policy')!
    const scriptSrc = policy.split('; ').find((part) => part.startsWith('script-src '))!
    expect(scriptSrc).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==' 'strict-dynamic'/)
    expect(scriptSrc).not.toContain("'unsafe-inline'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(second.headers.get('Content-Security-Policy')).not.toBe(policy)
    // Next reads the nonce from the forwarded request header to stamp its own scripts.
    expect(first.headers.get('x-middleware-request-content-security-policy')).toBe(policy)
    expect(config.matcher).toEqual(['/admin', '/admin/:path*'])
  })
})
