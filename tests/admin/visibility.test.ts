import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { STAFF_ROLES, type StaffRole } from '@/access/roles'

import { testPayload } from '../helpers/payload'

/**
 * The contract's table of who works with what, as the collections each role finds in the
 * admin navigation. Collections of other domains count once they are merged (they are
 * skipped while absent); collections outside the contract are not judged here.
 */
const CONTRACT_COLLECTIONS = [
  'users',
  'points-transactions',
  'emergency-contacts',
  'regions',
  'treks',
  'itinerary-days',
  'guides',
  'batches',
  'bookings',
  'payments',
  'posts',
  'badges',
  'incidents',
]
const ALL = CONTRACT_COLLECTIONS
const VISIBLE: Record<StaffRole, string[]> = {
  super_admin: ALL,
  ops_manager: ALL.filter((slug) => !['posts', 'badges'].includes(slug)),
  cs: ALL,
  finance: [
    'users',
    'points-transactions',
    'regions',
    'treks',
    'itinerary-days',
    'batches',
    'bookings',
    'payments',
  ],
  content: ['regions', 'treks', 'itinerary-days', 'guides', 'batches', 'posts', 'badges'],
  guide: [
    'emergency-contacts',
    'regions',
    'treks',
    'itinerary-days',
    'guides',
    'batches',
    'bookings',
    'posts',
    'incidents',
  ],
}

describe('admin navigation by role', () => {
  let payload: Payload

  beforeAll(async () => {
    payload = await testPayload()
  })

  const visibleTo = (role: StaffRole) =>
    payload.config.collections
      .filter(({ slug }) => CONTRACT_COLLECTIONS.includes(slug))
      .filter(({ admin }) => {
        const hidden = admin?.hidden
        return !(typeof hidden === 'function'
          ? hidden({ user: { id: 1, staffRole: role } as never })
          : hidden)
      })
      .map(({ slug }) => slug)
      .sort()

  it.each(STAFF_ROLES)('%s sees exactly the collections its role uses', (role) => {
    const expected = VISIBLE[role].filter((slug) => payload.collections[slug as 'users']).sort()

    expect(visibleTo(role)).toEqual(expected)
  })

  it('lists bookings, payments and treks with the columns and search staff filter by', () => {
    const admin = (slug: string) => payload.collections[slug as 'users'].config.admin

    expect(admin('bookings').defaultColumns).toEqual(expect.arrayContaining(['batch', 'status']))
    expect(admin('bookings').listSearchableFields).toEqual(
      expect.arrayContaining(['trekkerName', 'trekkerEmail']),
    )
    expect(admin('payments').defaultColumns).toEqual(
      expect.arrayContaining(['createdAt', 'status']),
    )
    expect(admin('payments').listSearchableFields).toEqual(
      expect.arrayContaining(['razorpayOrderId', 'razorpayPaymentId']),
    )
    expect(admin('treks').defaultColumns).toEqual(expect.arrayContaining(['region', 'status']))
    expect(admin('treks').listSearchableFields).toEqual(expect.arrayContaining(['name']))
  })
})
