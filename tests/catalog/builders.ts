import type { Payload } from 'payload'

import type { Batch, Trek } from '@/payload-types'

import type { ApiResponse } from '../helpers/api'
import { unique } from '../helpers/fixtures'

export const DAY = 24 * 60 * 60 * 1000

export const daysFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString()

/** Field messages of a Payload ValidationError response, by field path. */
export function fieldErrors(res: ApiResponse): Record<string, string> {
  const details = res.body?.errors?.[0]?.data?.errors ?? []
  return Object.fromEntries(
    details.map((e: { path: string; message: string }) => [e.path, e.message]),
  )
}

export const errorMessage = (res: ApiResponse): string | undefined => res.body?.errors?.[0]?.message

export async function makeRegion(payload: Payload, name = unique('Region')) {
  return payload.create({ collection: 'regions', data: { name }, overrideAccess: true })
}

export async function makeTrek(payload: Payload, data: Partial<Trek> & { region: number }) {
  return payload.create({
    collection: 'treks',
    data: {
      name: unique('Trek'),
      maxAltitude: 4000,
      durationDays: 6,
      difficulty: 'moderate',
      status: 'active',
      ...data,
    } as Trek,
    overrideAccess: true,
  })
}

/** A batch starting `startsIn` days from now and lasting five days. */
export async function makeBatch(
  payload: Payload,
  trek: number,
  startsIn: number,
  data: Partial<Batch> = {},
) {
  return payload.create({
    collection: 'batches',
    data: {
      trek,
      startDate: daysFromNow(startsIn),
      endDate: daysFromNow(startsIn + 5),
      totalSeats: 12,
      price: 15000,
      status: 'open',
      ...data,
    } as Batch,
    overrideAccess: true,
  })
}

export async function makeGuide(payload: Payload, data: Record<string, unknown> = {}) {
  return payload.create({
    collection: 'guides',
    data: {
      name: unique('Guide'),
      bio: 'Twenty seasons above the tree line',
      yearsExp: 12,
      certifications: ['WFR', 'Basic Mountaineering'],
      satellitePhone: '+881631234567',
      isActive: true,
      ...data,
    } as never,
    overrideAccess: true,
  })
}

export const readTrek = (payload: Payload, id: number) =>
  payload.findByID({ collection: 'treks', id, depth: 0, overrideAccess: true })
