import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import type { FakeRazorpay } from '../fakes/razorpay'
import { api, graphql } from '../helpers/api'
import { createRoleUsers, type TestUser } from '../helpers/fixtures'
import { assignGuide, book, bookableBatch, readyTrekker } from '../bookings/support'
import { paidBooking, startPaymentsWorld } from '../payments/world'

/**
 * Review probes: one trekker (or the wrong staff role) trying to read or write another
 * trekker's bookings, payments and emergency contacts through REST `where`/`depth`/`select`
 * and GraphQL; and hostile input (NUL bytes, lone surrogates, deep `where`, prototype keys).
 */
describe('review: access and input probes', () => {
  let payload: Payload
  let fake: FakeRazorpay
  let roles: Awaited<ReturnType<typeof createRoleUsers>>
  let victim: Awaited<ReturnType<typeof paidBooking>>
  let attacker: TestUser & { phone: string }
  let attackerBookingId: number

  /** Nothing in a response may carry the victim's e-mail, phone or payment ids. */
  const leaks = (body: unknown) => {
    const text = JSON.stringify(body)
    return [victim.user.email, victim.payment.id, victim.orderId, victim.booking.trekkerPhone]
      .filter(Boolean)
      .filter((secret) => text.includes(String(secret)))
  }

  beforeAll(async () => {
    ;({ payload, fake } = await startPaymentsWorld())
    roles = await createRoleUsers(payload)
    victim = await paidBooking(payload, fake)
    attacker = await readyTrekker(payload)
    const created = await book(attacker.token, victim.batch.id)
    expect(created.status).toBe(201)
    attackerBookingId = created.body.doc.id
  })
  afterAll(async () => {
    await fake.stop()
  })

  it.each([
    '/api/payments?where[booking.user][not_equals]=ME',
    '/api/payments?where[or][0][id][exists]=true&where[or][1][booking.user][equals]=VICTIM',
    '/api/bookings?where[user][equals]=VICTIM',
    '/api/bookings?where[user.email][like]=trekker',
    '/api/bookings?where[batch][equals]=BATCH&depth=3',
    '/api/batches/BATCH?depth=3',
    '/api/emergency-contacts?where[user][equals]=VICTIM',
    '/api/points-transactions?where[user][equals]=VICTIM',
    '/api/users?where[email][equals]=VEMAIL',
    '/api/payments?select[razorpayPaymentId]=true&limit=100',
  ])('a trekker learns nothing of another trekker through %s', async (template) => {
    const path = template
      .replace('ME', String(attacker.id))
      .replace('VICTIM', String(victim.user.id))
      .replace('VEMAIL', encodeURIComponent(victim.user.email))
      .replace('BATCH', String(victim.batch.id))
    const res = await api('GET', path, { token: attacker.token })
    expect(res.status).toBeLessThan(500)
    expect(leaks(res.body)).toEqual([])
  })

  it('a trekker cannot read another trekker’s booking or payment by id', async () => {
    for (const path of [`/bookings/${victim.booking.id}`, `/payments/${victim.row.id}`]) {
      const res = await api('GET', path, { token: attacker.token })
      expect([403, 404]).toContain(res.status)
      expect(leaks(res.body)).toEqual([])
    }
  })

  it('GraphQL gives a trekker neither the victim’s payments nor bookings, at any depth', async () => {
    const res = await graphql(
      `{
        Payments(limit: 100) { docs { id razorpayPaymentId booking { id trekkerPhone user { email } } } }
        Bookings(limit: 100) { docs { id trekkerPhone trekkerEmail user { email } } }
        Batch(id: ${victim.batch.id}) { id bookedSeats }
      }`,
      undefined,
      attacker.token,
    )
    expect(res.status).toBeLessThan(500)
    expect(leaks(res.body)).toEqual([])
  })

  it('a trekker cannot cancel, edit, delete or check out another trekker’s booking', async () => {
    const id = victim.booking.id
    const answers = await Promise.all([
      api('POST', `/bookings/${id}/cancel`, { token: attacker.token, body: {} }),
      api('PATCH', `/bookings/${id}`, { token: attacker.token, body: { source: 'web' } }),
      api('DELETE', `/bookings/${id}`, { token: attacker.token }),
      api('POST', `/bookings/${id}/checkout`, { token: attacker.token }),
    ])
    for (const res of answers) {
      expect([403, 404]).toContain(res.status)
    }
    const row = await payload.findByID({ collection: 'bookings', id, overrideAccess: true })
    expect(row.status).toBe('confirmed')
  })

  it('a trekker booking “for” the victim books for themself or is refused', async () => {
    const { batch } = await bookableBatch(payload)
    const res = await book(attacker.token, batch.id, { user: victim.user.id })
    expect(res.status).toBeLessThan(500)
    if (res.status === 201) {
      const row = await payload.findByID({
        collection: 'bookings',
        id: res.body.doc.id,
        depth: 0,
        overrideAccess: true,
      })
      expect(row.user).toBe(attacker.id)
    }
  })

  it('a trekker cannot write payments, points or another trekker’s emergency contacts', async () => {
    const answers = await Promise.all([
      api('POST', '/payments', {
        token: attacker.token,
        body: { booking: attackerBookingId, amount: 12500, status: 'success', method: 'cash' },
      }),
      api('POST', '/points-transactions', {
        token: attacker.token,
        body: { user: attacker.id, amount: 15000, reason: 'free' },
      }),
      api('POST', '/emergency-contacts', {
        token: attacker.token,
        body: { user: victim.user.id, name: 'Mallory', relationship: 'x', phone: '+919812345600' },
      }),
    ])
    expect(answers[0].status).toBe(403)
    expect(answers[1].status).toBe(403)
    // The contact, if created, must belong to the attacker, never to the victim.
    const victimContacts = await payload.find({
      collection: 'emergency-contacts',
      where: { user: { equals: victim.user.id }, name: { equals: 'Mallory' } },
      overrideAccess: true,
    })
    expect(victimContacts.totalDocs).toBe(0)
    const me = await payload.findByID({
      collection: 'users',
      id: attacker.id,
      overrideAccess: true,
    })
    expect(me.obsPoints ?? 0).toBe(0)
    const booking = await payload.findByID({
      collection: 'bookings',
      id: attackerBookingId,
      overrideAccess: true,
    })
    expect(booking).toMatchObject({ status: 'pending', amountPaid: 0 })
  })

  it('finance sees no emergency contacts; content sees no bookings or payments', async () => {
    const contacts = await api('GET', '/emergency-contacts?limit=100', {
      token: roles.finance.token,
    })
    expect(contacts.status === 403 || contacts.body.docs?.length === 0).toBe(true)
    for (const path of ['/bookings?limit=100', '/payments?limit=100']) {
      const res = await api('GET', path, { token: roles.content.token })
      expect(res.status === 403 || res.body.docs?.length === 0).toBe(true)
    }
  })

  it('a guide sees nothing of a batch they do not lead', async () => {
    const { batch } = await bookableBatch(payload)
    await assignGuide(payload, roles.guide, batch.id)
    const res = await api('GET', `/bookings?where[batch][equals]=${victim.batch.id}&limit=100`, {
      token: roles.guide.token,
    })
    expect(res.status === 403 || res.body.docs?.length === 0).toBe(true)
    const contacts = await api('GET', '/emergency-contacts?limit=100', {
      token: roles.guide.token,
    })
    expect(contacts.status).toBeLessThan(500)
    expect(JSON.stringify(contacts.body)).not.toContain('Ravi Rawat')
  })

  it('answers NUL bytes and lone surrogates in text with 4xx or a clean save, never 500', async () => {
    const bodies = [
      { firstName: 'Asha\u0000Rao' },
      { bio: 'x\u0000'.repeat(50) },
      { firstName: '\ud800' },
      { lastName: 'Rao\udfff' },
    ]
    for (const body of bodies) {
      const res = await api('PATCH', `/users/${attacker.id}`, { token: attacker.token, body })
      expect({ body, status: res.status < 500 }).toEqual({ body, status: true })
    }
    const contact = await api('POST', '/emergency-contacts', {
      token: attacker.token,
      body: { name: 'A\u0000B', relationship: 'S\u0000', phone: '+919812345670' },
    })
    expect(contact.status).toBeLessThan(500)
    const cancel = await api('POST', `/bookings/${attackerBookingId}/cancel`, {
      token: roles.cs.token,
      body: { reason: '\u0000' },
    })
    expect(cancel.status).toBeLessThan(500)
    const health = await api('GET', '/health')
    expect(health.status).toBe(200)
  })

  it('answers NUL bytes in where values and sort with 4xx or an empty page, never 500', async () => {
    for (const path of [
      '/api/treks?where[name][equals]=%00',
      '/api/treks?where[name][like]=a%00b',
      '/api/treks?where[slug][in]=%00,%00',
      '/api/treks?sort=%00',
      '/api/treks/slug/%00',
      '/api/regions?where[name][contains]=%ED%A0%80',
    ]) {
      const res = await api('GET', path, { token: attacker.token })
      expect({ path, ok: res.status < 500 }).toEqual({ path, ok: true })
    }
  })

  it('answers a 300-deep nested where and a 5000-id `in` with 4xx or a page, never 500', async () => {
    let deep = 'where'
    for (let i = 0; i < 300; i += 1) {
      deep += `[and][0]`
    }
    const nested = await api('GET', `/api/treks?${deep}[name][equals]=x`)
    expect(nested.status).toBeLessThan(500)
    const ids = Array.from({ length: 5000 }, (_, i) => i + 1).join(',')
    const wide = await api('GET', `/api/treks?where[id][in]=${ids}`)
    expect(wide.status).toBeLessThan(500)
  })

  it('ignores prototype keys in bodies and queries and pollutes nothing', async () => {
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)
    const res = await api('POST', '/bookings', {
      token: trekker.token,
      rawBody: `{"batch":${batch.id},"__proto__":{"status":"confirmed","amountPaid":99999,"isAdmin":true},"constructor":{"prototype":{"polluted":1}}}`,
      headers: { 'Content-Type': 'application/json' },
    })
    expect(res.status).toBeLessThan(500)
    expect(({} as any).polluted).toBeUndefined()
    expect(({} as any).isAdmin).toBeUndefined()
    if (res.status === 201) {
      const row = await payload.findByID({
        collection: 'bookings',
        id: res.body.doc.id,
        overrideAccess: true,
      })
      expect(row).toMatchObject({ status: 'pending', amountPaid: 0 })
    }
    const query = await api(
      'GET',
      '/api/treks?where[__proto__][polluted][equals]=1&where[constructor][prototype][x][equals]=1',
    )
    expect(query.status).toBeLessThan(500)
    expect(({} as any).polluted).toBeUndefined()
    const me = await api('PATCH', `/users/${trekker.id}`, {
      token: trekker.token,
      rawBody: '{"__proto__":{"staffRole":"super_admin"},"firstName":"Proto"}',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(me.status).toBeLessThan(500)
    const row = await payload.findByID({
      collection: 'users',
      id: trekker.id,
      overrideAccess: true,
    })
    expect(row.staffRole ?? null).toBeNull()
  })
})
