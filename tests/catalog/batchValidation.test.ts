import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { createUser, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { daysFromNow, fieldErrors, makeBatch, makeRegion, makeTrek } from './builders'

let payload: Payload
let ops: TestUser
let trekId: number

const postBatch = (body: Record<string, unknown>) =>
  api('POST', '/batches', {
    token: ops.token,
    body: {
      trek: trekId,
      startDate: daysFromNow(30),
      endDate: daysFromNow(35),
      totalSeats: 10,
      price: 12000,
      ...body,
    },
  })

describe('batch validation', () => {
  beforeAll(async () => {
    payload = await testPayload()
    ops = await createUser(payload, 'ops_manager')
    const region = await makeRegion(payload)
    trekId = (await makeTrek(payload, { region: region.id })).id
  })

  it.each([
    ['before', daysFromNow(25)],
    ['equal to', daysFromNow(30)],
  ])('refuses an end date %s the start date', async (_case, endDate) => {
    const startDate = daysFromNow(30)

    const res = await postBatch({ startDate, endDate: _case === 'equal to' ? startDate : endDate })

    expect(res.status).toBe(400)
    expect(fieldErrors(res)).toEqual({ endDate: 'End date must be after the start date' })
  })

  it('refuses moving the start past the existing end date', async () => {
    const batch = await makeBatch(payload, trekId, 30)

    const res = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { startDate: daysFromNow(40) },
    })

    expect(res.status).toBe(400)
    expect(fieldErrors(res)).toEqual({ endDate: 'End date must be after the start date' })
  })

  it.each([0, -3, 2.5, 201])('refuses totalSeats %p', async (totalSeats) => {
    const res = await postBatch({ totalSeats })

    expect(res.status).toBe(400)
    expect(fieldErrors(res)).toEqual({
      totalSeats: 'Total seats must be a whole number from 1 to 200',
    })
  })

  it.each([0, -500, 12000.555])('refuses price %p', async (price) => {
    const res = await postBatch({ price })

    expect(res.status).toBe(400)
    expect(fieldErrors(res)).toEqual({
      price: 'Price must be a positive amount in rupees with at most two decimals',
    })
  })

  it('keeps a price in rupees and paise', async () => {
    const res = await postBatch({ price: 12999.99 })

    expect(res.status).toBe(201)
    expect(res.body.doc).toMatchObject({ price: 12999.99, availableSeats: 10, bookedSeats: 0 })
  })

  it('refuses totalSeats below the seats already held', async () => {
    const batch = await makeBatch(payload, trekId, 30, { totalSeats: 10 })
    await payload.update({
      collection: 'batches',
      id: batch.id,
      data: { bookedSeats: 5 },
      overrideAccess: true,
    })

    const below = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { totalSeats: 4 },
    })
    const exact = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { totalSeats: 5 },
    })

    expect(below.status).toBe(400)
    expect(fieldErrors(below)).toEqual({
      totalSeats: 'Total seats cannot go below the 5 seats already held',
    })
    expect(exact.status).toBe(200)
    expect(exact.body.doc).toMatchObject({ totalSeats: 5, availableSeats: 0, status: 'full' })
  })

  it('ignores seat counts sent by a client', async () => {
    const batch = await makeBatch(payload, trekId, 30, { totalSeats: 10 })

    const res = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { bookedSeats: 9, availableSeats: 99, totalSeats: 12 },
    })

    expect(res.status).toBe(200)
    expect(res.body.doc).toMatchObject({ totalSeats: 12, bookedSeats: 0, availableSeats: 12 })
  })
})
