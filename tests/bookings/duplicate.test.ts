import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

import { batchRow, book, bookableBatch, bookingRow, payInFull, readyTrekker } from './support'

/**
 * `POST /api/bookings/:id/duplicate` runs the create operation from a copy of the booking,
 * so it takes a seat like any booking: status, money, hold and snapshot are the server's,
 * never the copied booking's (paid, confirmed) values.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

describe('duplicating a booking', () => {
  it('a trekker cannot copy their paid booking into a second seat', async () => {
    const { batch } = await bookableBatch(payload, { seats: 5 })
    const trekker = await readyTrekker(payload)
    const booked = await book(trekker.token, batch.id)
    expect(booked.status).toBe(201)
    expect((await payInFull(payload, roles.cs.token, booked.body.doc.id)).status).toBe(201)

    const copy = await api('POST', `/bookings/${booked.body.doc.id}/duplicate?depth=0`, {
      token: trekker.token,
      body: {},
    })
    expect(copy.status).toBe(400)
    expect(await batchRow(payload, batch.id)).toMatchObject({ bookedSeats: 1 })
  })

  it('the desk copying a confirmed booking for another trekker gets a fresh unpaid hold', async () => {
    const { batch } = await bookableBatch(payload, { seats: 5 })
    const first = await readyTrekker(payload)
    const second = await readyTrekker(payload)
    const booked = await book(first.token, batch.id)
    expect((await payInFull(payload, roles.cs.token, booked.body.doc.id)).status).toBe(201)
    const original = await bookingRow(payload, booked.body.doc.id)
    expect(original).toMatchObject({ status: 'confirmed', balanceDue: 0 })

    const copy = await api('POST', `/bookings/${booked.body.doc.id}/duplicate?depth=0`, {
      token: roles.ops_manager.token,
      body: { user: second.id },
    })
    expect(copy.status).toBe(200)
    expect(await bookingRow(payload, copy.body.doc.id)).toMatchObject({
      user: second.id,
      status: 'pending',
      amountPaid: 0,
      balanceDue: original.finalAmount,
      confirmedAt: null,
      trekkerEmail: second.email,
    })
    expect(await batchRow(payload, batch.id)).toMatchObject({ bookedSeats: 2 })
  })

  it('a copy starts with every document unsigned, whoever copies it', async () => {
    const { batch } = await bookableBatch(payload, { seats: 10 })
    const first = await readyTrekker(payload)
    const booked = await api('POST', '/bookings', {
      token: first.token,
      body: {
        batch: batch.id,
        healthDeclarationSigned: true,
        waiverSigned: true,
        idDocumentUploaded: true,
      },
    })
    expect(booked.status).toBe(201)
    const unsigned = {
      healthDeclarationSigned: false,
      waiverSigned: false,
      idDocumentUploaded: false,
      documentsComplete: false,
    }

    for (const copier of [roles.super_admin, roles.cs, roles.ops_manager]) {
      const other = await readyTrekker(payload)
      const copy = await api('POST', `/bookings/${booked.body.doc.id}/duplicate?depth=0`, {
        token: copier.token,
        body: { user: other.id },
      })
      expect(copy.status).toBe(200)
      expect(await bookingRow(payload, copy.body.doc.id)).toMatchObject({
        user: other.id,
        ...unsigned,
      })
    }
    // Server code (Local API, access overridden) gets the same.
    const other = await readyTrekker(payload)
    const copy = await payload.duplicate({
      collection: 'bookings',
      id: booked.body.doc.id,
      data: { user: other.id },
      overrideAccess: true,
      depth: 0,
    })
    expect(await bookingRow(payload, copy.id)).toMatchObject({ user: other.id, ...unsigned })
    // The source keeps its signatures.
    expect(await bookingRow(payload, booked.body.doc.id)).toMatchObject({
      healthDeclarationSigned: true,
      waiverSigned: true,
      idDocumentUploaded: true,
      documentsComplete: true,
    })
  })
})
