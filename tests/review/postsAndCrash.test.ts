import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api } from '../helpers/api'
import { readyTrekker } from '../bookings/support'
import { paidBooking, startPaymentsWorld } from '../payments/world'
import { paragraph } from '../community/lexical'

/**
 * Review probes on community posts: rich-text nodes that point at other people's rows
 * (a leak through population), deeply nested rich text (a stack overflow crash) and
 * forged feed cursors.
 */
describe('review: posts and crash probes', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let victim: Awaited<ReturnType<typeof paidBooking>>
  let contactId: number

  const secretsOf = () =>
    [victim.user.email, victim.payment.id, victim.orderId, '+919812345671', 'Ravi Rawat'].map(
      String,
    )

  beforeAll(async () => {
    ;({ payload, fake } = await startPaymentsWorld())
    victim = await paidBooking(payload, fake)
    const contacts = await payload.find({
      collection: 'emergency-contacts',
      where: { user: { equals: victim.user.id } },
      overrideAccess: true,
    })
    contactId = contacts.docs[0].id as number
  })
  afterAll(async () => {
    await fake.stop()
  })

  const relationshipNode = (relationTo: string, value: number) => ({
    type: 'relationship',
    format: '',
    version: 2,
    relationTo,
    value,
  })

  it('does not populate other people’s rows into a post through rich-text relationship nodes', async () => {
    const attacker = await readyTrekker(payload)
    const body = paragraph('look at this')
    body.root.children.push(
      relationshipNode('users', victim.user.id) as any,
      relationshipNode('payments', victim.row.id) as any,
      relationshipNode('bookings', victim.booking.id) as any,
      relationshipNode('emergency-contacts', contactId) as any,
    )
    const created = await api('POST', '/posts', {
      token: attacker.token,
      body: { kind: 'feed', body },
    })
    expect(created.status).toBeLessThan(500)
    if (created.status !== 201) {
      return
    }
    const id = created.body.doc.id
    for (const [token, path] of [
      [attacker.token, `/posts/${id}?depth=3`],
      [undefined, `/posts/${id}?depth=3`],
      [undefined, '/posts/feed?limit=20'],
    ] as const) {
      const res = await api('GET', path, { token })
      expect(res.status).toBeLessThan(500)
      const text = JSON.stringify(res.body)
      expect({ path, leaked: secretsOf().filter((s) => text.includes(s)) }).toEqual({
        path,
        leaked: [],
      })
    }
  })

  it('answers a 5000-deep rich-text body with 4xx or 201, never a crash', async () => {
    const attacker = await readyTrekker(payload)
    // Built as text: JSON.stringify itself overflows the stack on a tree this deep.
    const open =
      '{"type":"paragraph","format":"","indent":0,"version":1,"direction":"ltr","children":['
    const leaf =
      '{"type":"text","text":"x","format":0,"detail":0,"mode":"normal","style":"","version":1}'
    const depth = 5000
    const tree = open.repeat(depth) + leaf + ']}'.repeat(depth)
    const rawBody = `{"kind":"feed","body":{"root":{"type":"root","format":"","indent":0,"version":1,"direction":"ltr","children":[${tree}]}}}`
    const res = await api('POST', '/posts', {
      token: attacker.token,
      rawBody,
      headers: { 'Content-Type': 'application/json' },
    })
    expect(res.status).toBeLessThan(500)
    const feed = await api('GET', '/posts/feed?limit=20')
    expect(feed.status).toBe(200)
    expect((await api('GET', '/health')).status).toBe(200)
  })

  it('answers a rich-text body that is not Lexical with 400', async () => {
    const attacker = await readyTrekker(payload)
    const bodies = [
      'plain text',
      42,
      [],
      { root: null },
      { root: { children: 'x' } },
      { root: { children: [null] } },
      { root: { children: [1] } },
      { root: { type: 'root', children: [{ type: 'paragraph', children: 'x' }] } },
      { root: { type: 'root', children: [{ type: 'nope', children: [] }] } },
    ]
    const answers: Array<[unknown, number]> = []
    for (const body of bodies) {
      const res = await api('POST', '/posts', {
        token: attacker.token,
        body: { kind: 'feed', body },
      })
      answers.push([body, res.status >= 400 && res.status < 500 ? 400 : res.status])
    }
    expect(answers).toEqual(bodies.map((body) => [body, 400]))
    const feed = await api('GET', '/posts/feed?limit=20')
    expect(feed.status).toBe(200)
  })

  it('answers forged feed cursors with 400, never 500', async () => {
    for (const cursor of [
      'garbage',
      Buffer.from('{"createdAt":"not a date","id":"1 or 1=1"}').toString('base64url'),
      Buffer.from('{"createdAt":"2026-01-01T00:00:00Z","id":1e999}').toString('base64url'),
      Buffer.from('null').toString('base64url'),
      '%00',
      'x'.repeat(5000),
    ]) {
      const res = await api('GET', `/posts/feed?limit=20&cursor=${encodeURIComponent(cursor)}`)
      expect({ cursor: cursor.slice(0, 40), ok: res.status < 500 }).toEqual({
        cursor: cursor.slice(0, 40),
        ok: true,
      })
    }
    for (const limit of ['-1', '1e9', 'abc', '0']) {
      const res = await api('GET', `/posts/feed?limit=${limit}`)
      expect({ limit, ok: res.status < 500 }).toEqual({ limit, ok: true })
    }
  })
})
