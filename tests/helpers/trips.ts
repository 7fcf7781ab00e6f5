import type { Payload } from 'payload'

import type { Batch, Region, Trek } from '@/payload-types'

import { createUser, unique, type TestUser } from './fixtures'

let catalogAdmin: Promise<Record<string, unknown>> | undefined

/** Catalog rows are written as a super admin: trek status rules look at the caller. */
const admin = (payload: Payload) =>
  (catalogAdmin ??= createUser(payload, 'super_admin').then(async (created: TestUser) => ({
    ...(await payload.findByID({
      collection: 'users',
      id: created.id,
      overrideAccess: true,
      depth: 0,
    })),
    collection: 'users',
  })))

const DAY = 24 * 60 * 60 * 1000

/**
 * A region, an active trek and one batch with exact dates (instants in UTC), for tests that
 * care about calendar days. Defaults: 4,200 m, starting in 30 days, five nights, open.
 */
export async function createTrekBatch(
  payload: Payload,
  options: {
    startDate?: string
    endDate?: string
    maxAltitude?: number
    region?: Region
    status?: Batch['status']
    guide?: number
  } = {},
): Promise<{ region: Region; trek: Trek; batch: Batch }> {
  const user = (await admin(payload)) as never
  const region =
    options.region ??
    (await payload.create({
      collection: 'regions',
      data: { name: unique('Region') },
      overrideAccess: true,
      user,
    }))
  const trek = await payload.create({
    collection: 'treks',
    data: {
      name: unique('Trek'),
      region: region.id,
      maxAltitude: options.maxAltitude ?? 4200,
      durationDays: 6,
      difficulty: 'moderate',
      status: 'active',
    },
    overrideAccess: true,
    user,
  })
  const startDate = options.startDate ?? new Date(Date.now() + 30 * DAY).toISOString()
  const batch = await payload.create({
    collection: 'batches',
    data: {
      trek: trek.id,
      guide: options.guide,
      startDate,
      endDate: options.endDate ?? new Date(new Date(startDate).getTime() + 5 * DAY).toISOString(),
      totalSeats: 12,
      price: 14500,
      status: options.status ?? 'open',
    },
    overrideAccess: true,
    user,
  })
  return { region, trek, batch }
}

/** A booking row as the bookings domain would leave it, written directly. */
export async function createBooking(
  payload: Payload,
  user: { id: number; email: string },
  batch: { id: number },
  status: 'pending' | 'confirmed' | 'cancelled' | 'completed' = 'confirmed',
  extra: Record<string, unknown> = {},
) {
  // Written underneath the API: bookings take status and money from payments, and this
  // fixture needs a trip already confirmed or completed.
  return payload.db.create({
    collection: 'bookings',
    data: {
      user: user.id,
      batch: batch.id,
      status,
      trekkerName: 'Asha Rawat',
      trekkerEmail: user.email,
      finalAmount: 14500,
      amountPaid: 14500,
      balanceDue: 0,
      ...extra,
    } as never,
  })
}
