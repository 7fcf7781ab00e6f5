import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'
import { mergeListSearchAndWhere } from 'payload/shared'

import { api, qs } from '../helpers/api'
import { createCatalog, createRoleUsers, createUser, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

/** What each desk looks for first in a list: its columns and what the search box matches. */
const LISTS: Record<string, { columns: string[]; search?: string[] }> = {
  bookings: { columns: ['batch', 'status'], search: ['trekkerName', 'trekkerEmail'] },
  payments: { columns: ['createdAt', 'status', 'amount'], search: ['razorpayPaymentId'] },
  treks: { columns: ['region', 'status'], search: ['name'] },
  batches: { columns: ['trek', 'startDate', 'status', 'bookedSeats'] },
  users: { columns: ['email', 'staffRole'], search: ['email', 'phone'] },
  incidents: { columns: ['trekker', 'batch', 'status'], search: ['message', 'clientId'] },
  badges: { columns: ['name', 'rule', 'points'] },
  media: { columns: ['filename', 'alt'], search: ['filename', 'alt'] },
}

const TIMESTAMPS = ['id', 'createdAt', 'updatedAt']

describe('admin list views', () => {
  let payload: Payload
  let users: Awaited<ReturnType<typeof createRoleUsers>>

  beforeAll(async () => {
    payload = await testPayload()
    users = await createRoleUsers(payload)
  })

  const fieldNames = (slug: string) =>
    payload.collections[slug as 'users'].config.flattenedFields.map((field) => field.name)

  it.each(Object.entries(LISTS))('%s lists useful columns and searches them', (slug, list) => {
    const { admin } = payload.collections[slug as 'users'].config
    const names = [...fieldNames(slug), ...TIMESTAMPS]

    expect(admin.defaultColumns).toEqual(expect.arrayContaining(list.columns))
    expect(admin.defaultColumns!.filter((column) => !names.includes(column))).toEqual([])
    expect((admin.listSearchableFields ?? []).filter((field) => !names.includes(field))).toEqual([])
    if (list.search) {
      expect(admin.listSearchableFields).toEqual(expect.arrayContaining(list.search))
    }
  })

  // The admin's filter builder sends these same `where` queries, with the desk's own access.
  it('cs filters bookings by batch and status', async () => {
    const { batch } = await createCatalog(payload, { seats: 6 })
    const other = await createCatalog(payload, { seats: 6 })
    const second = await createUser(payload, null)
    const book = (userId: number, batchId: number) =>
      payload.create({
        collection: 'bookings',
        data: { user: userId, batch: batchId },
        overrideAccess: true,
      })
    // Every booking starts pending; cancelling one makes the status filter choose.
    const wanted = await book(users.trekker.id, batch.id as number)
    const cancelled = await book(second.id, batch.id as number)
    await payload.update({
      collection: 'bookings',
      id: cancelled.id,
      data: { status: 'cancelled' },
      overrideAccess: true,
    })
    await book(users.trekker.id, other.batch.id as number)

    const where = { batch: { equals: batch.id }, status: { equals: 'pending' } }
    const res = await api('GET', `/bookings?${qs({ where, depth: 0 })}`, { token: users.cs.token })

    expect(res.status).toBe(200)
    expect(res.body.docs.map((doc: { id: number }) => doc.id)).toEqual([wanted.id])
  })

  it('finance filters payments by date and status', async () => {
    const { batch } = await createCatalog(payload)
    const booking = await payload.create({
      collection: 'bookings',
      data: { user: users.trekker.id, batch: batch.id },
      overrideAccess: true,
    })
    const pay = (createdAt: string, status: 'success' | 'failed') =>
      payload.create({
        collection: 'payments',
        data: { booking: booking.id, amount: 100, status, createdAt },
        overrideAccess: true,
      })
    const wanted = await pay('2025-02-03T05:00:00.000Z', 'success')
    await pay('2025-02-03T06:00:00.000Z', 'failed')
    await pay('2025-02-05T05:00:00.000Z', 'success')

    const where = {
      createdAt: {
        greater_than_equal: '2025-02-02T18:30:00.000Z',
        less_than: '2025-02-03T18:30:00.000Z',
      },
      status: { equals: 'success' },
    }
    const res = await api('GET', `/payments?${qs({ where, depth: 0 })}`, {
      token: users.finance.token,
    })

    expect(res.status).toBe(200)
    expect(res.body.docs.map((doc: { id: number }) => doc.id)).toEqual([wanted.id])
  })

  it('content filters treks by region and status', async () => {
    const draft = await createCatalog(payload, { status: 'draft' })
    const sameRegionActive = await payload.create({
      collection: 'treks',
      data: {
        name: unique('Trek'),
        region: draft.region.id,
        maxAltitude: 3000,
        durationDays: 3,
        difficulty: 'easy',
        status: 'active',
      },
      overrideAccess: true,
    })
    await createCatalog(payload, { status: 'draft' })

    const where = { region: { equals: draft.region.id }, status: { equals: 'draft' } }
    const res = await api('GET', `/treks?${qs({ where, depth: 0 })}`, {
      token: users.content.token,
    })

    expect(res.status).toBe(200)
    expect(res.body.docs.map((doc: { id: number }) => doc.id)).toEqual([draft.trek.id])
    expect(sameRegionActive.status).toBe('active')
  })

  // The search box matches its text against every searchable field; finance may not read a
  // booking's trekkerPhone or a user's phone, and must still be able to search by name.
  it('finance searches bookings and users by name, never by phone', async () => {
    const { batch } = await createCatalog(payload, { seats: 6 })
    const phone = `+9197${String(Date.now()).slice(-8)}`
    const surname = unique('Kapoor')
    const trekker = await createUser(payload, null, { lastName: surname, phone })
    const booking = await payload.create({
      collection: 'bookings',
      data: { user: trekker.id, batch: batch.id },
      overrideAccess: true,
    })
    const asRole = async (role: 'finance' | 'ops_manager') => ({
      ...(await payload.findByID({
        collection: 'users',
        id: users[role].id,
        overrideAccess: true,
      })),
      collection: 'users' as const,
    })
    // What the admin's list view runs for a search (Local API as the signed-in user).
    const search = async (
      collection: 'bookings' | 'users',
      text: string,
      role: 'finance' | 'ops_manager' = 'finance',
    ) => {
      const { config } = payload.collections[collection]
      const found = await payload.find({
        collection,
        where: mergeListSearchAndWhere({ collectionConfig: config, search: text }),
        overrideAccess: false,
        user: await asRole(role),
        depth: 0,
      })
      return found.docs.map((doc) => doc.id)
    }

    expect(await search('bookings', surname)).toEqual([booking.id])
    expect(await search('users', surname)).toEqual([trekker.id])
    expect(await search('bookings', phone.slice(3))).toEqual([])
    expect(await search('users', phone.slice(3))).toEqual([])
    expect(await search('bookings', phone.slice(3), 'ops_manager')).toEqual([booking.id])
    expect(await search('users', phone.slice(3), 'ops_manager')).toEqual([trekker.id])
  })
})
