import { beforeAll, describe, expect, it } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { advanceBatchLifecycle } from '@/jobs'
import type { Batch } from '@/payload-types'

import { ensureBadges } from '../community/badges'
import { createUser } from '../helpers/fixtures'
import { runJobs } from '../helpers/jobs'
import { testPayload } from '../helpers/payload'
import { createBooking, createTrekBatch } from '../helpers/trips'

let payload: Payload

const statusOf = async (batch: { id: number }) =>
  (await payload.findByID({ collection: 'batches', id: batch.id, depth: 0, overrideAccess: true }))
    .status

/** Runs the lifecycle at `now`, limited to the given batches (others in the shared database stay put). */
const advanceAt = async (now: string, batches: Batch[]) =>
  advanceBatchLifecycle(await createLocalReq({}, payload), {
    now: new Date(now),
    batchIds: batches.map((batch) => batch.id),
  })

beforeAll(async () => {
  payload = await testPayload()
  await ensureBadges(payload)
})

describe('batch lifecycle on Indian calendar days', () => {
  it('starts a batch of 1 March 2027 at 00:00 IST (28 Feb 18:30 UTC), however its start was stored', async () => {
    const stored = [
      '2027-02-28T18:30:00.000Z',
      '2027-03-01T00:00:00.000Z',
      '2027-03-01T12:00:00.000Z',
    ]
    const batches = await Promise.all(
      stored.map(
        async (startDate, i) =>
          (
            await createTrekBatch(payload, {
              startDate,
              endDate: '2027-03-05T00:00:00.000Z',
              status: i === 2 ? 'full' : 'open',
            })
          ).batch,
      ),
    )

    const early = await advanceAt('2027-02-28T18:29:59.999Z', batches)
    const statusesBefore = await Promise.all(batches.map(statusOf))
    const onTime = await advanceAt('2027-02-28T18:30:00.000Z', batches)
    const statusesAfter = await Promise.all(batches.map(statusOf))

    expect(early.started).toEqual([])
    expect(statusesBefore).toEqual(['open', 'open', 'full'])
    expect(onTime.started.sort()).toEqual(batches.map((batch) => batch.id).sort())
    expect(statusesAfter).toEqual(['ongoing', 'ongoing', 'ongoing'])
  })

  it('does not wait for 05:30 IST, the UTC midnight, to start it', async () => {
    const { batch } = await createTrekBatch(payload, {
      startDate: '2027-03-01T00:00:00.000Z',
      endDate: '2027-03-05T00:00:00.000Z',
    })

    await advanceAt('2027-03-01T00:15:00.000Z', [batch])

    expect(await statusOf(batch)).toBe('ongoing')
  })

  it('completes a batch from 00:00 IST after its end day, with its confirmed bookings, and awards badges', async () => {
    const { batch } = await createTrekBatch(payload, {
      startDate: '2027-03-01T00:00:00.000Z',
      endDate: '2027-03-05T00:00:00.000Z',
      maxAltitude: 5200,
    })
    const [confirmed, pending, cancelled] = await Promise.all([
      createUser(payload, null),
      createUser(payload, null),
      createUser(payload, null),
    ])
    const bookings = [
      await createBooking(payload, confirmed, batch, 'confirmed'),
      await createBooking(payload, pending, batch, 'pending'),
      await createBooking(payload, cancelled, batch, 'cancelled'),
    ]

    await advanceAt('2027-03-02T06:00:00.000Z', [batch])
    const stillOn = await advanceAt('2027-03-05T18:29:59.000Z', [batch])
    const statusOnLastDay = await statusOf(batch)
    const done = await advanceAt('2027-03-05T18:30:00.000Z', [batch])
    await runJobs(payload)

    expect(stillOn.completed).toEqual([])
    expect(statusOnLastDay).toBe('ongoing')
    expect(done.completed).toEqual([batch.id])
    expect(await statusOf(batch)).toBe('completed')
    const after = await Promise.all(
      bookings.map((booking) =>
        payload.findByID({
          collection: 'bookings',
          id: booking.id,
          depth: 0,
          overrideAccess: true,
        }),
      ),
    )
    expect(after.map((booking) => booking.status)).toEqual(['completed', 'pending', 'cancelled'])
    const awards = await payload.find({
      collection: 'badge-awards',
      where: { user: { in: [confirmed.id, pending.id, cancelled.id] } },
      depth: 1,
      overrideAccess: true,
    })
    expect(awards.docs.map((award: any) => [award.user.id, award.badge.rule]).sort()).toEqual(
      [
        [confirmed.id, 'above_5000m'],
        [confirmed.id, 'first_trek_completed'],
      ].sort(),
    )
  })

  it('takes a batch whose whole trip passed unnoticed straight through to completed, and leaves cancelled ones', async () => {
    const missed = (
      await createTrekBatch(payload, {
        startDate: '2027-04-01T00:00:00.000Z',
        endDate: '2027-04-04T00:00:00.000Z',
      })
    ).batch
    const cancelled = (
      await createTrekBatch(payload, {
        startDate: '2027-04-01T00:00:00.000Z',
        endDate: '2027-04-04T00:00:00.000Z',
        status: 'cancelled',
      })
    ).batch

    const result = await advanceAt('2027-04-10T03:30:00.000Z', [missed, cancelled])

    expect(result).toEqual({ started: [missed.id], completed: [missed.id] })
    expect(await statusOf(missed)).toBe('completed')
    expect(await statusOf(cancelled)).toBe('cancelled')
  })
})
