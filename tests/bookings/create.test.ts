import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers, createUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { env } from '@/config/env'

import { batchRow, book, bookableBatch, bookingRow, DAY, readyTrekker } from './support'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

describe('POST /api/bookings', () => {
  it('holds a seat at the batch price with a snapshot of the trekker', async () => {
    const { batch, trek } = await bookableBatch(payload, { seats: 5, price: 14999.5 })
    const trekker = await readyTrekker(payload, { firstName: 'Meera', lastName: 'Iyer' })
    const before = Date.now()

    const res = await book(trekker.token, batch.id, { source: 'web' })

    expect(res.status).toBe(201)
    const doc = res.body.doc
    expect(doc).toMatchObject({
      status: 'pending',
      source: 'web',
      baseAmount: 14999.5,
      discountAmount: 0,
      finalAmount: 14999.5,
      amountPaid: 0,
      balanceDue: 14999.5,
      trekkerName: 'Meera Iyer',
      trekkerPhone: trekker.phone,
      trekkerEmail: trekker.email,
      emergencyContactName: 'Asha Rao',
      emergencyContactPhone: '+919812345670',
      emergencyContactRelation: 'Sister',
      documentsComplete: false,
    })
    expect(typeof doc.user === 'object' ? doc.user.id : doc.user).toBe(trekker.id)
    const expectedAge =
      new Date().getFullYear() -
      1994 -
      (new Date() < new Date(new Date().getFullYear(), 5, 15) ? 1 : 0)
    expect(doc.trekkerAge).toBe(expectedAge)
    const hold = Date.parse(doc.holdExpiresAt) - before
    expect(hold).toBeGreaterThanOrEqual(env.bookingHoldMinutes * 60_000 - 1000)
    expect(hold).toBeLessThanOrEqual(env.bookingHoldMinutes * 60_000 + 60_000)

    const after = await batchRow(payload, batch.id)
    expect(after).toMatchObject({ bookedSeats: 1, availableSeats: 4, status: 'open' })
    // The response's batch already counts the seat this booking took.
    expect(doc.batch).toMatchObject({ id: batch.id, bookedSeats: 1, availableSeats: 4 })
    const card = await payload.findByID({ collection: 'treks', id: trek.id, overrideAccess: true })
    expect(card.seatsLeft).toBe(4)
  })

  it('ignores money, status, documents-complete and another user sent by a trekker', async () => {
    const { batch } = await bookableBatch(payload, { price: 9000 })
    const trekker = await readyTrekker(payload)
    const other = await createUser(payload, null)

    const res = await book(trekker.token, batch.id, {
      user: other.id,
      status: 'confirmed',
      baseAmount: 1,
      discountAmount: 8999,
      finalAmount: 1,
      amountPaid: 9000,
      balanceDue: 0,
      refundDue: 5000,
      holdExpiresAt: '2099-01-01T00:00:00.000Z',
      documentsComplete: true,
      trekkerName: 'Someone else',
      confirmedAt: '2020-01-01T00:00:00.000Z',
    })

    expect(res.status).toBe(201)
    const row = await bookingRow(payload, res.body.doc.id)
    expect(row).toMatchObject({
      user: trekker.id,
      status: 'pending',
      baseAmount: 9000,
      discountAmount: 0,
      finalAmount: 9000,
      amountPaid: 0,
      balanceDue: 9000,
      refundDue: 0,
      documentsComplete: false,
      confirmedAt: null,
    })
    expect(row.trekkerName).not.toBe('Someone else')
    expect(Date.parse(row.holdExpiresAt!)).toBeLessThan(Date.parse('2099-01-01'))
  })

  it('refuses a second active booking on the same batch', async () => {
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)
    expect((await book(trekker.token, batch.id)).status).toBe(201)

    const again = await book(trekker.token, batch.id)

    expect(again.status).toBe(400)
    expect(again.body.errors[0].message).toBe('You already hold a seat on this batch')
    expect((await batchRow(payload, batch.id)).bookedSeats).toBe(1)
  })

  it('has a database backstop against a second active booking written around the hook', async () => {
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)
    const first = await book(trekker.token, batch.id)
    const row = { user: trekker.id, batch: batch.id, finalAmount: 1 }

    await expect(
      payload.db.create({ collection: 'bookings', data: { ...row, status: 'pending' } }),
    ).rejects.toThrow()
    await expect(
      payload.db.create({ collection: 'bookings', data: { ...row, status: 'cancelled' } }),
    ).resolves.toBeTruthy()
    await api('POST', `/bookings/${first.body.doc.id}/cancel`, { token: trekker.token, body: {} })
    expect((await book(trekker.token, batch.id)).status).toBe(201)
  })

  it('refuses full, cancelled, started and missing batches with a message that says so', async () => {
    const trekker = await readyTrekker(payload)
    const { batch: full } = await bookableBatch(payload, { seats: 1 })
    const first = await readyTrekker(payload)
    expect((await book(first.token, full.id)).status).toBe(201)
    expect((await batchRow(payload, full.id)).status).toBe('full')

    const { batch: cancelled } = await bookableBatch(payload)
    await payload.update({
      collection: 'batches',
      id: cancelled.id,
      data: { status: 'cancelled' },
      overrideAccess: true,
    })
    const { batch: started } = await bookableBatch(payload, { startsInDays: -1 })
    const { batch: draftTrekBatch } = await bookableBatch(payload, { trekStatus: 'draft' })

    const cases: Array<[number, string]> = [
      [full.id, 'This batch is full'],
      [cancelled.id, 'This batch has been cancelled'],
      [started.id, 'This batch has already started'],
      // A trekker reads no departure of an unpublished trek: as if none (review round 31).
      [draftTrekBatch.id, 'This batch does not exist'],
      [99999999, 'This batch does not exist'],
    ]
    for (const [batchId, message] of cases) {
      const res = await book(trekker.token, batchId)
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toBe(message)
    }
    // The desk, which reads it, is told why.
    const atDesk = await book(roles.cs.token, draftTrekBatch.id, { user: trekker.id })
    expect(atDesk.status).toBe(400)
    expect(atDesk.body.errors[0].message).toBe('This trek is not open for booking')
    const missing = await api('POST', '/bookings', { token: trekker.token, body: {} })
    expect(missing.status).toBe(400)
    expect(missing.body.errors[0].message).toBe('Choose a batch to book')
  })

  it('lets cs and ops book on behalf of a named trekker, and requires the name', async () => {
    const { batch } = await bookableBatch(payload, { price: 7000 })
    const trekkerA = await readyTrekker(payload)
    const trekkerB = await readyTrekker(payload)

    const byCs = await book(roles.cs.token, batch.id, { user: trekkerA.id, amountPaid: 7000 })
    const byOps = await book(roles.ops_manager.token, batch.id, { user: trekkerB.id })
    const unnamed = await book(roles.cs.token, batch.id)
    const twice = await book(roles.ops_manager.token, batch.id, { user: trekkerA.id })

    expect(byCs.status).toBe(201)
    expect(await bookingRow(payload, byCs.body.doc.id)).toMatchObject({
      user: trekkerA.id,
      amountPaid: 0,
      balanceDue: 7000,
    })
    expect(byOps.status).toBe(201)
    expect((await bookingRow(payload, byOps.body.doc.id)).user).toBe(trekkerB.id)
    expect(unnamed.status).toBe(400)
    expect(unnamed.body.errors[0].message).toBe('Name the trekker this booking is for')
    expect(twice.status).toBe(400)
    expect(twice.body.errors[0].message).toBe('This trekker already holds a seat on this batch')
  })

  it('refuses anonymous callers and staff who do not book', async () => {
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)

    expect((await api('POST', '/bookings', { body: { batch: batch.id } })).status).toBe(401)
    for (const role of ['finance', 'content', 'guide'] as const) {
      const res = await book(roles[role].token, batch.id, { user: trekker.id })
      expect(res.status).toBe(403)
    }
    expect((await batchRow(payload, batch.id)).bookedSeats).toBe(0)
  })

  it('refuses the desk a seat for a staff account, so no staff member lands on a roster', async () => {
    const { batch } = await bookableBatch(payload)

    for (const role of ['guide', 'finance', 'cs'] as const) {
      const res = await book(roles.cs.token, batch.id, { user: roles[role].id })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toBe(
        'Bookings are for trekker accounts; this is a staff account',
      )
    }
    expect((await batchRow(payload, batch.id)).bookedSeats).toBe(0)
  })

  it('keeps the snapshot when the trekker later edits their profile', async () => {
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload, { firstName: 'Kabir', lastName: 'Sen' })
    const res = await book(trekker.token, batch.id)

    const profile = await api('PATCH', `/users/${trekker.id}`, {
      token: trekker.token,
      body: { firstName: 'Kabir Singh', dateOfBirth: '1980-01-01T00:00:00.000Z' },
    })
    expect(profile.status).toBe(200)
    // A phone changes only through a fresh OTP; the outcome is the same row update.
    await payload.db.updateOne({
      collection: 'users',
      id: trekker.id,
      data: { phone: '+919800000001' },
    })
    const contacts = await payload.find({
      collection: 'emergency-contacts',
      where: { user: { equals: trekker.id } },
      overrideAccess: true,
    })
    await api('PATCH', `/emergency-contacts/${contacts.docs[0].id}`, {
      token: trekker.token,
      body: { name: 'Changed' },
    })

    const row = await bookingRow(payload, res.body.doc.id)
    expect(row).toMatchObject({
      trekkerName: 'Kabir Sen',
      trekkerPhone: trekker.phone,
      emergencyContactName: 'Asha Rao',
    })
    expect(row.trekkerAge).toBe(res.body.doc.trekkerAge)
  })

  it('applies the same rules to GraphQL createBooking', async () => {
    const { batch } = await bookableBatch(payload, { seats: 1, price: 5000 })
    const trekker = await readyTrekker(payload)
    const other = await readyTrekker(payload)
    const mutation = `mutation ($batch: Int!, $user: Int) {
      createBooking(data: { batch: $batch, user: $user, status: confirmed, amountPaid: 5000, finalAmount: 1 }) {
        id status finalAmount amountPaid balanceDue user { id }
      }
    }`

    const first = await graphql(mutation, { batch: batch.id, user: other.id }, trekker.token)
    const second = await graphql(mutation, { batch: batch.id }, other.token)

    expect(first.body.errors).toBeUndefined()
    expect(first.body.data.createBooking).toMatchObject({
      status: 'pending',
      finalAmount: 5000,
      amountPaid: 0,
      balanceDue: 5000,
      user: { id: trekker.id },
    })
    expect(second.body.errors?.[0].message).toBe('This batch is full')
    expect(await batchRow(payload, batch.id)).toMatchObject({
      bookedSeats: 1,
      availableSeats: 0,
      status: 'full',
    })
  })

  it('does not sell a batch that starts today once its start has passed', async () => {
    const { batch } = await bookableBatch(payload, { startsInDays: -0.01 })
    const trekker = await readyTrekker(payload)
    const res = await book(trekker.token, batch.id)
    expect(res.status).toBe(400)
    expect(Date.parse(batch.startDate)).toBeLessThan(Date.now() + DAY)
  })
})
