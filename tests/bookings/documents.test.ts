import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

import { book, bookableBatch, bookingRow, readyTrekker } from './support'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

async function booking() {
  const { batch } = await bookableBatch(payload)
  const trekker = await readyTrekker(payload)
  const { body } = await book(trekker.token, batch.id)
  return { trekker, id: body.doc.id as number }
}

const patch = (id: number, token: string, body: Record<string, unknown>) =>
  api('PATCH', `/bookings/${id}`, { token, body })

describe('booking documents', () => {
  it('takes documents signed at booking time', async () => {
    const { batch } = await bookableBatch(payload)
    const trekker = await readyTrekker(payload)
    const signed = { healthDeclarationSigned: true, waiverSigned: true, idDocumentUploaded: true }
    const { body } = await book(trekker.token, batch.id, signed)
    expect(await bookingRow(payload, body.doc.id)).toMatchObject({
      ...signed,
      documentsComplete: true,
    })
  })

  it('lets the owner sign each document, and derives documentsComplete', async () => {
    const { trekker, id } = await booking()

    expect(
      (await patch(id, trekker.token, { healthDeclarationSigned: true, documentsComplete: true }))
        .status,
    ).toBe(200)
    expect(await bookingRow(payload, id)).toMatchObject({
      healthDeclarationSigned: true,
      documentsComplete: false,
    })

    const gql = await graphql(
      `
        mutation ($id: Int!) {
          updateBooking(id: $id, data: { waiverSigned: true, idDocumentUploaded: true }) {
            documentsComplete
          }
        }
      `,
      { id },
      trekker.token,
    )
    expect(gql.body.data?.updateBooking.documentsComplete).toBe(true)
  })

  it('refuses an owner taking a signature back, but lets cs correct one', async () => {
    const { trekker, id } = await booking()
    await patch(id, trekker.token, {
      healthDeclarationSigned: true,
      waiverSigned: true,
      idDocumentUploaded: true,
    })

    const withdraw = await patch(id, trekker.token, { waiverSigned: false })
    expect(withdraw.status).toBe(400)
    expect(withdraw.body.errors[0].message).toBe(
      'A signed document cannot be withdrawn; contact our support team',
    )

    expect((await patch(id, roles.cs.token, { waiverSigned: false })).status).toBe(200)
    expect(await bookingRow(payload, id)).toMatchObject({
      waiverSigned: false,
      documentsComplete: false,
    })
  })

  it('ignores document changes from staff who may not make them, and other trekkers', async () => {
    const { id } = await booking()
    const stranger = await readyTrekker(payload)

    expect((await patch(id, roles.ops_manager.token, { waiverSigned: true })).status).toBe(200)
    for (const token of [roles.finance.token, roles.guide.token, roles.content.token]) {
      expect((await patch(id, token, { waiverSigned: true })).status).toBe(403)
    }
    expect((await patch(id, stranger.token, { waiverSigned: true })).status).toBe(403)
    expect((await bookingRow(payload, id)).waiverSigned).toBe(false)
  })

  it('keeps user, batch and the snapshot fixed after booking', async () => {
    const { id } = await booking()
    const other = await readyTrekker(payload)
    const { batch: otherBatch } = await bookableBatch(payload)
    const before = await bookingRow(payload, id)

    await patch(id, roles.cs.token, {
      user: other.id,
      batch: otherBatch.id,
      trekkerName: 'X',
      emergencyContactPhone: '+10000000000',
    })

    expect(await bookingRow(payload, id)).toMatchObject({
      user: before.user,
      batch: before.batch,
      trekkerName: before.trekkerName,
      emergencyContactPhone: before.emergencyContactPhone,
    })
  })
})
