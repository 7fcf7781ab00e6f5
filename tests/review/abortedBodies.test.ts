import { describe, expect, it } from '@jest/globals'

import { testPayload } from '../helpers/payload'
import { quickTrekker } from '../bookings/support'
import { viaRoute } from '../hardening/route'

/**
 * Review probe through the Next route handlers: a body that breaks off mid-stream (the
 * client's connection dropped) or carries invalid UTF-8 must be a 4xx, never a 500, and
 * must leave nothing written.
 */
describe('review: broken request bodies', () => {
  const breakingStream = (first: string) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(first))
        controller.error(new Error('connection reset by peer'))
      },
    })

  it('answers a body that errors mid-stream with 4xx on REST', async () => {
    const payload = await testPayload()
    const trekker = await quickTrekker(payload)
    const before = await payload.count({ collection: 'emergency-contacts', overrideAccess: true })
    // A route handler that throws is answered 500 by Next (and logged as a server error).
    const rest = await viaRoute('POST', '/api/emergency-contacts', {
      token: trekker.token,
      headers: { 'Content-Type': 'application/json' },
      body: breakingStream('{"name":"Asha","relationship":"Sister","phone":"+9198'),
      duplex: 'half',
    }).catch((err: Error) => ({ status: 500, body: `route handler threw: ${err.message}` }))
    expect(rest.status).toBeGreaterThanOrEqual(400)
    expect(rest.status).toBeLessThan(500)
    const after = await payload.count({ collection: 'emergency-contacts', overrideAccess: true })
    expect(after.totalDocs).toBe(before.totalDocs)
  })

  it('answers invalid UTF-8 in a JSON body with 4xx or a clean save, never 500', async () => {
    const payload = await testPayload()
    const trekker = await quickTrekker(payload)
    const bytes = Buffer.concat([
      Buffer.from('{"name":"'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
      Buffer.from('","relationship":"Sister","phone":"+919812345670"}'),
    ])
    const res = await viaRoute('POST', '/api/emergency-contacts', {
      token: trekker.token,
      headers: { 'Content-Type': 'application/json' },
      body: new Uint8Array(bytes),
    })
    expect(res.status).toBeLessThan(500)
  })
})
