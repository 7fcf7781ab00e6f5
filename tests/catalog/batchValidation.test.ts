import { beforeAll, describe, expect, it } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { advanceBatchLifecycle } from '@/jobs/lifecycle/advanceBatchLifecycle'
import { kolkataDay, startOfKolkataDay } from '@/shared/time'

import {
  DAY,
  assignGuide,
  batchRow,
  book,
  bookableBatch,
  bookingRow,
  payInFull,
  readyTrekker,
} from '../bookings/support'
import { calledOffOnTheWay } from '../emergency/trip'
import { api, graphql } from '../helpers/api'
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

  it.each([0, -500, 12000.555, 1e-9, 5e-324, 10_000_000.01, 1e15, 1e20])(
    'refuses price %p',
    async (price) => {
      const res = await postBatch({ price })

      expect(res.status).toBe(400)
      expect(fieldErrors(res)).toEqual({
        price:
          'Price must be a positive amount in rupees, at most 1,00,00,000, with at most two decimals',
      })
    },
  )

  it('takes the highest price there is', async () => {
    expect((await postBatch({ price: 10_000_000 })).status).toBe(201)
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

describe('moving a booked batch’s start into the past (review round 20)', () => {
  const PAST_START =
    'A batch with bookings cannot start on a day already past: move it to today or later, or ' +
    'call it off with POST /api/batches/:id/cancel {reason}.'
  let finance: TestUser

  /** An upcoming batch with one paid, confirmed booking. */
  async function bookedBatch(startsInDays = 40) {
    const { batch } = await bookableBatch(payload, { startsInDays })
    const trekker = await readyTrekker(payload)
    const booked = await book(trekker.token, batch.id)
    expect(booked.status).toBe(201)
    expect((await payInFull(payload, finance.token, booked.body.doc.id)).status).toBe(201)
    return { batch, bookingId: booked.body.doc.id as number }
  }

  beforeAll(async () => {
    payload = await testPayload()
    ops = await createUser(payload, 'ops_manager')
    finance = await createUser(payload, 'finance')
  })

  it('refuses a REST edit naming startDate, and the lifecycle leaves the booking confirmed', async () => {
    const { batch, bookingId } = await bookedBatch()

    const moved = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { startDate: new Date(Date.now() - 3 * DAY).toISOString(), endDate: daysFromNow(-1) },
    })
    await advanceBatchLifecycle(await createLocalReq({}, payload), { batchIds: [batch.id] })

    expect(moved.status).toBe(400)
    expect(fieldErrors(moved)).toEqual({ startDate: PAST_START })
    const after = await batchRow(payload, batch.id)
    expect(after.startDate).toBe(batch.startDate)
    expect(after.status).toBe('open')
    expect((await bookingRow(payload, bookingId)).status).toBe('confirmed')
  })

  it('refuses the same edit over GraphQL, and yesterday late at night too', async () => {
    const { batch } = await bookedBatch()
    // 23:59 IST yesterday: a Kolkata day already past, though less than a day ago.
    const lateYesterday = new Date(startOfKolkataDay(kolkataDay()).getTime() - 60_000)

    const res = await graphql(
      `
        mutation ($id: Int!, $data: mutationBatchUpdateInput!) {
          updateBatch(id: $id, data: $data) {
            id
          }
        }
      `,
      { id: batch.id, data: { startDate: lateYesterday.toISOString() } },
      ops.token,
    )

    expect(res.body.errors?.[0]?.message).toBe('The following field is invalid: startDate')
    expect((await batchRow(payload, batch.id)).startDate).toBe(batch.startDate)
  })

  it('lets a batch nobody booked move anywhere, and a booked one change its hour within the day', async () => {
    const { batch } = await bookedBatch()
    const { batch: empty } = await bookableBatch(payload, { startsInDays: 40 })
    const sameDayLater = new Date(startOfKolkataDay(kolkataDay(batch.startDate)).getTime())
    sameDayLater.setUTCHours(sameDayLater.getUTCHours() + 20)

    const hour = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { startDate: sameDayLater.toISOString() },
    })
    const unbooked = await api('PATCH', `/batches/${empty.id}`, {
      token: ops.token,
      body: { startDate: daysFromNow(-3), endDate: daysFromNow(-1) },
    })

    expect(hour.status).toBe(200)
    expect((await batchRow(payload, batch.id)).startDate).toBe(sameDayLater.toISOString())
    expect(unbooked.status).toBe(200)
  })

  it('refuses to move a booked departure’s dates to other days, earlier or later (rounds 29 and 30)', async () => {
    const { batch } = await bookedBatch()

    const today = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { startDate: startOfKolkataDay(kolkataDay()).toISOString() },
    })
    const weekEarlier = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { startDate: daysFromNow(33), endDate: daysFromNow(38) },
    })
    const weekLater = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { startDate: daysFromNow(47), endDate: daysFromNow(52) },
    })
    const longer = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { endDate: daysFromNow(60) },
    })

    for (const [res, path] of [
      [today, 'startDate'],
      [weekEarlier, 'startDate'],
      [weekLater, 'startDate'],
      [longer, 'endDate'],
    ] as const) {
      expect(res.status).toBe(400)
      expect(res.body.errors[0].data.errors[0]).toMatchObject({
        path,
        message: expect.stringContaining(
          'A batch with bookings keeps the dates its trekkers booked',
        ),
      })
    }
    const row = await batchRow(payload, batch.id)
    expect([row.startDate, row.endDate]).toEqual([batch.startDate, batch.endDate])
  })

  it('leaves a batch that already started free to have its past start corrected', async () => {
    const { batch } = await bookedBatch()
    await payload.update({
      collection: 'batches',
      id: batch.id,
      data: { startDate: daysFromNow(-1), endDate: daysFromNow(4) },
      overrideAccess: true,
    })

    const corrected = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { startDate: daysFromNow(-2) },
    })

    expect(corrected.status).toBe(200)
  })

  it('refuses to end a departure under way on a day already past; today or later is fine (round 30)', async () => {
    const { batch } = await bookedBatch()
    await payload.update({
      collection: 'batches',
      id: batch.id,
      data: { startDate: daysFromNow(-2), endDate: daysFromNow(3) },
      overrideAccess: true,
    })

    const yesterday = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { endDate: daysFromNow(-1) },
    })
    expect(yesterday.status).toBe(400)
    expect(yesterday.body.errors[0].data.errors[0]).toMatchObject({
      path: 'endDate',
      message: expect.stringContaining('cannot end on a day already past'),
    })
    expect(kolkataDay((await batchRow(payload, batch.id)).endDate)).toBe(kolkataDay(daysFromNow(3)))

    const extended = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { endDate: daysFromNow(4) },
    })
    expect(extended.status).toBe(200)
    expect(kolkataDay((await batchRow(payload, batch.id)).endDate)).toBe(kolkataDay(daysFromNow(4)))
  })

  it('keeps a completed departure completed: its bookings belong to its dates (round 32)', async () => {
    const { batch } = await bookedBatch()
    await payload.update({
      collection: 'batches',
      id: batch.id,
      data: { startDate: daysFromNow(-8), endDate: daysFromNow(-3), status: 'completed' },
      overrideAccess: true,
    })

    const reopened = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { status: 'open' },
    })

    expect(reopened.status).toBe(400)
    expect(fieldErrors(reopened).status).toMatch(/A completed departure stays completed/)
    expect((await batchRow(payload, batch.id)).status).toBe('completed')
  })

  it('does not bind server code without a user', async () => {
    const { batch } = await bookedBatch()

    const moved = await payload.update({
      collection: 'batches',
      id: batch.id,
      data: { startDate: daysFromNow(-3), endDate: daysFromNow(-1) },
      overrideAccess: true,
    })

    expect(kolkataDay(moved.startDate)).toBe(kolkataDay(daysFromNow(-3)))
  })
})

describe('marking a departure under way completed by hand (review round 21)', () => {
  const NOT_ENDED =
    'The status of a batch with bookings cannot be set to completed by an edit: the ' +
    'schedule completes it, and its bookings, the day after it ends.'
  let finance: TestUser

  /** A batch under way (started five days ago, ending in `endsInDays`) with a paid booking. */
  async function batchUnderWay(endsInDays: number) {
    const { batch } = await bookableBatch(payload, { startsInDays: 20 })
    const trekker = await readyTrekker(payload)
    const booked = await book(trekker.token, batch.id)
    expect(booked.status).toBe(201)
    expect((await payInFull(payload, finance.token, booked.body.doc.id)).status).toBe(201)
    await payload.update({
      collection: 'batches',
      id: batch.id,
      data: { startDate: daysFromNow(-5), endDate: daysFromNow(endsInDays) },
      overrideAccess: true,
    })
    await advanceBatchLifecycle(await createLocalReq({}, payload), { batchIds: [batch.id] })
    expect((await batchRow(payload, batch.id)).status).toBe('ongoing')
    return { batch, bookingId: booked.body.doc.id as number }
  }

  beforeAll(async () => {
    payload = await testPayload()
    ops = await createUser(payload, 'ops_manager')
    finance = await createUser(payload, 'finance')
  })

  it('refuses the edit, and the schedule completes the batch and its booking after the end', async () => {
    const { batch, bookingId } = await batchUnderWay(3)

    const edited = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { status: 'completed' },
    })
    expect(edited.status).toBe(400)
    expect(edited.body.errors?.[0]?.message).toBe(NOT_ENDED)
    expect((await batchRow(payload, batch.id)).status).toBe('ongoing')

    await advanceBatchLifecycle(await createLocalReq({}, payload), {
      batchIds: [batch.id],
      now: new Date(Date.now() + 5 * DAY),
    })
    expect((await batchRow(payload, batch.id)).status).toBe('completed')
    expect((await bookingRow(payload, bookingId)).status).toBe('completed')
  })

  it('lets the schedule complete it when a super admin runs the jobs (a signed-in request)', async () => {
    const { batch, bookingId } = await batchUnderWay(3)
    const admin = await createUser(payload, 'super_admin')
    const signedIn = await createLocalReq(
      {
        user: {
          ...(await payload.findByID({ collection: 'users', id: admin.id })),
          collection: 'users',
        } as never,
      },
      payload,
    )
    await advanceBatchLifecycle(signedIn, {
      batchIds: [batch.id],
      now: new Date(Date.now() + 5 * DAY),
    })
    expect((await batchRow(payload, batch.id)).status).toBe('completed')
    expect((await bookingRow(payload, bookingId)).status).toBe('completed')
  })

  it('refuses it on the last day, over GraphQL too, and with an end moved into the past', async () => {
    const { batch } = await batchUnderWay(0)

    const lastDay = await graphql(
      `mutation { updateBatch(id: ${batch.id}, data: { status: completed }) { id } }`,
      undefined,
      ops.token,
    )
    const endMoved = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { status: 'completed', endDate: daysFromNow(-1) },
    })

    expect(lastDay.body.errors?.[0]?.message).toBe(NOT_ENDED)
    expect(endMoved.status).toBe(400)
    expect(endMoved.body.errors?.[0]?.message).toBe(NOT_ENDED)
    expect((await batchRow(payload, batch.id)).status).toBe('ongoing')
  })

  it('refuses it after the end day too, before the hourly run has completed the bookings', async () => {
    const { batch, bookingId } = await batchUnderWay(3)
    await payload.update({
      collection: 'batches',
      id: batch.id,
      data: { startDate: daysFromNow(-6), endDate: daysFromNow(-1) },
      overrideAccess: true,
    })

    const edited = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { status: 'completed' },
    })
    expect(edited.status).toBe(400)
    expect(edited.body.errors?.[0]?.message).toBe(NOT_ENDED)

    await advanceBatchLifecycle(await createLocalReq({}, payload), { batchIds: [batch.id] })
    expect((await batchRow(payload, batch.id)).status).toBe('completed')
    expect((await bookingRow(payload, bookingId)).status).toBe('completed')
  })

  it('lets a batch under way that nobody booked be marked completed', async () => {
    const { batch } = await bookableBatch(payload, { startsInDays: 20 })
    await payload.update({
      collection: 'batches',
      id: batch.id,
      data: { startDate: daysFromNow(-5), endDate: daysFromNow(3), status: 'ongoing' },
      overrideAccess: true,
    })

    const edited = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { status: 'completed' },
    })

    expect(edited.status).toBe(200)
    expect(edited.body.doc.status).toBe('completed')
  })
})

describe('taking the guide off a booked departure (review round 21)', () => {
  const KEEPS_A_GUIDE =
    'A batch with bookings keeps a guide: choose another guide instead of none, or an SOS from ' +
    'it would reach no guide.'

  beforeAll(async () => {
    payload = await testPayload()
    ops = await createUser(payload, 'ops_manager')
  })

  it('refuses none (REST and GraphQL) but lets another guide replace them', async () => {
    const { batch } = await bookableBatch(payload, { startsInDays: 20 })
    const first = await assignGuide(payload, await createUser(payload, 'guide'), batch.id)
    const trekker = await readyTrekker(payload)
    expect((await book(trekker.token, batch.id)).status).toBe(201)

    const none = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { guide: null },
    })
    expect(none.status).toBe(400)
    expect(fieldErrors(none)).toEqual({ guide: KEEPS_A_GUIDE })
    const viaGraphql = await graphql(
      `mutation { updateBatch(id: ${batch.id}, data: { guide: null }) { id } }`,
      undefined,
      ops.token,
    )
    expect(viaGraphql.body.errors?.[0]?.message).toMatch(/guide/)
    expect((await batchRow(payload, batch.id)).guide).toBe(first.id)

    // Only by a card that reaches a guide: one linked to no account would leave the SOS of the
    // departure's trekkers with no guide (review round 31).
    const unlinkedCard = await payload.create({
      collection: 'guides',
      data: { name: 'Unlinked Guide', bio: 'Leads treks', isActive: true } as any,
      overrideAccess: true,
    })
    const toUnlinked = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { guide: unlinkedCard.id },
    })
    expect(toUnlinked.status).toBe(400)
    expect(fieldErrors(toUnlinked).guide).toMatch(/linked to a guide's account/)

    const second = await payload.create({
      collection: 'guides',
      data: {
        name: 'Second Guide',
        bio: 'Leads treks',
        isActive: true,
        user: (await createUser(payload, 'guide')).id,
      } as any,
      overrideAccess: true,
    })
    const replaced = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { guide: second.id },
    })
    expect(replaced.status).toBe(200)
    expect((await batchRow(payload, batch.id)).guide).toBe(second.id)
  })

  it('keeps the guide and the end of a departure called off on the way until its last day (round 30)', async () => {
    const trip = await calledOffOnTheWay(payload, ops.token)
    const guideId = (await batchRow(payload, trip.batch.id)).guide

    const none = await api('PATCH', `/batches/${trip.batch.id}`, {
      token: ops.token,
      body: { guide: null },
    })
    expect(none.status).toBe(400)
    expect(fieldErrors(none)).toEqual({ guide: KEEPS_A_GUIDE })
    expect((await batchRow(payload, trip.batch.id)).guide).toBe(guideId)
    const endedYesterday = await api('PATCH', `/batches/${trip.batch.id}`, {
      token: ops.token,
      body: { endDate: daysFromNow(-1) },
    })
    expect(endedYesterday.status).toBe(400)
    expect(fieldErrors(endedYesterday).endDate).toMatch(
      /A departure completed or called off keeps its dates/,
    )

    // Once its last day is over, nobody is coming down with that guide any more.
    await payload.update({
      collection: 'batches',
      id: trip.batch.id,
      data: { startDate: daysFromNow(-6), endDate: daysFromNow(-1) },
      overrideAccess: true,
    })
    const afterwards = await api('PATCH', `/batches/${trip.batch.id}`, {
      token: ops.token,
      body: { guide: null },
    })
    expect(afterwards.status).toBe(200)
  })

  it('keeps a guide card linked to its account while it leads a departure ahead (round 30)', async () => {
    const { batch } = await bookableBatch(payload, { startsInDays: 20 })
    const card = await assignGuide(payload, await createUser(payload, 'guide'), batch.id)

    const unlinked = await api('PATCH', `/guides/${card.id}`, {
      token: ops.token,
      body: { user: null },
    })
    expect(unlinked.status).toBe(400)
    expect(fieldErrors(unlinked).user).toMatch(/leads upcoming batches/)

    const replacement = await createUser(payload, 'guide')
    const relinked = await api('PATCH', `/guides/${card.id}`, {
      token: ops.token,
      body: { user: replacement.id },
    })
    expect(relinked.status).toBe(200)

    await payload.update({
      collection: 'batches',
      id: batch.id,
      data: { guide: null },
      overrideAccess: true,
    })
    const free = await api('PATCH', `/guides/${card.id}`, {
      token: ops.token,
      body: { user: null },
    })
    expect(free.status).toBe(200)
  })

  it('lets a batch nobody booked go without a guide', async () => {
    const { batch } = await bookableBatch(payload, { startsInDays: 20 })
    await assignGuide(payload, await createUser(payload, 'guide'), batch.id)
    const none = await api('PATCH', `/batches/${batch.id}`, {
      token: ops.token,
      body: { guide: null },
    })
    expect(none.status).toBe(200)
    expect((await batchRow(payload, batch.id)).guide ?? null).toBeNull()
  })
})
