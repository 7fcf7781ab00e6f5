import { describe, expect, it } from '@jest/globals'

import { apiAs, baseUrl, fixture } from './browser'

/**
 * `npm start` answers fresh cached catalog reads itself, before Next (src/server/start.mjs).
 * Those answers must be the very ones Next gives, with the same security headers, and a write
 * must be visible on the next read.
 */
describe('the production server answers cached catalog reads itself', () => {
  const trekPath = `/api/treks/${fixture.activeTrek.id}?depth=0`

  async function readAnonymously(init: RequestInit = {}) {
    const res = await fetch(`${baseUrl}${trekPath}`, init)
    return { res, body: await res.json() }
  }

  it('gives the same answer and headers as Next, compressed when asked', async () => {
    // A distinct query string, so the first read is surely a miss answered by Next.
    const probe = `/api/treks/${fixture.activeTrek.id}?depth=0&probe=${Date.now()}`
    const miss = await fetch(`${baseUrl}${probe}`, { headers: { 'Accept-Encoding': 'identity' } })
    const hit = await fetch(`${baseUrl}${probe}`, { headers: { 'Accept-Encoding': 'identity' } })
    expect(miss.headers.get('x-cache')).toBe('MISS')
    expect(hit.headers.get('x-cache')).toBe('HIT')
    expect(await hit.text()).toBe(await miss.text())
    for (const name of [
      'content-type',
      'x-content-type-options',
      'x-frame-options',
      'referrer-policy',
      'strict-transport-security',
      'content-security-policy',
      'access-control-allow-methods',
    ]) {
      expect([name, hit.headers.get(name)]).toEqual([name, miss.headers.get(name)])
    }
    expect(hit.headers.get('content-encoding')).toBeNull()

    // fetch asks for gzip by default and inflates what it gets.
    const gzipped = await fetch(`${baseUrl}${probe}`, { headers: { 'Accept-Encoding': 'gzip' } })
    expect(gzipped.headers.get('x-cache')).toBe('HIT')
    expect(gzipped.headers.get('content-encoding')).toBe('gzip')
    expect((await gzipped.json()).id).toBe(fixture.activeTrek.id)
  })

  it('shows a change on the very next read', async () => {
    await readAnonymously()
    const before = await readAnonymously()
    expect(before.res.headers.get('x-cache')).toBe('HIT')

    const maxAltitude = before.body.maxAltitude + 1
    const patched = await apiAs('super_admin', `/api/treks/${fixture.activeTrek.id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ maxAltitude }),
    })
    expect(patched.status).toBe(200)

    const after = await readAnonymously()
    expect(after.body.maxAltitude).toBe(maxAltitude)
    expect(after.res.headers.get('x-cache')).toBe('MISS')
    const again = await readAnonymously()
    expect([again.res.headers.get('x-cache'), again.body.maxAltitude]).toEqual(['HIT', maxAltitude])
  })

  it('never answers a signed-in caller from the cache', async () => {
    await readAnonymously()
    const signedIn = await apiAs('trekker', trekPath)
    expect(signedIn.status).toBe(200)
    expect(signedIn.headers.get('x-cache')).toBeNull()
  })
})
