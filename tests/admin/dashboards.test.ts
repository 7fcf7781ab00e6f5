import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload, TypedUser } from 'payload'
import { renderToStaticMarkup } from 'react-dom/server'

import type { StaffRole } from '@/access/roles'
import { businessDay } from '@/admin/dashboard/businessDay'
import * as load from '@/admin/dashboard/queries'
import { RoleDashboard } from '@/admin/dashboard/RoleDashboard'

import { createCatalog, createUser, unique } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

const DAY = 24 * 60 * 60 * 1000

describe('role dashboards', () => {
  let payload: Payload
  const users = {} as Record<StaffRole | 'trekker', TypedUser>
  let catalog: Awaited<ReturnType<typeof createCatalog>>
  let guideBatch: { id: number | string }
  let draftName: string

  const userDoc = async (role: StaffRole | null) => {
    const { id } = await createUser(payload, role)
    return (await payload.findByID({ collection: 'users', id, overrideAccess: true })) as TypedUser
  }

  const render = async (role: StaffRole | 'trekker') => {
    const element = await RoleDashboard({ payload, user: users[role] })
    return element ? renderToStaticMarkup(element) : ''
  }

  beforeAll(async () => {
    payload = await testPayload()
    const roles = ['super_admin', 'ops_manager', 'cs', 'finance', 'content', 'guide'] as const
    const docs = await Promise.all([...roles, null].map(userDoc))
    roles.forEach((role, i) => (users[role] = docs[i]))
    users.trekker = docs[roles.length]

    catalog = await createCatalog(payload, { startsInDays: 0.02, seats: 8, status: 'draft' })
    draftName = catalog.trek.name as string
    const trekker = await createUser(payload, null)
    // Rows as bookings and payments leave them (a draft trek takes no new bookings).
    const booking = await payload.db.create({
      collection: 'bookings',
      data: {
        user: trekker.id,
        batch: catalog.batch.id,
        status: 'confirmed',
        trekkerName: 'Asha Rao',
      },
    })
    await payload.db.create({
      collection: 'bookings',
      data: {
        user: trekker.id,
        batch: catalog.batch.id,
        status: 'cancelled',
        trekkerName: 'Vikram Das',
      },
    })
    await payload.create({
      collection: 'payments',
      data: {
        booking: booking.id,
        amount: 4321.5,
        status: 'success',
        method: 'upi',
        razorpayPaymentId: unique('pay'),
      },
      overrideAccess: true,
    })

    const guide = await payload.create({
      collection: 'guides',
      data: { name: unique('Guide'), user: users.guide!.id },
      overrideAccess: true,
    })
    const start = Date.now() + 3 * DAY
    guideBatch = await payload.create({
      collection: 'batches',
      data: {
        trek: catalog.trek.id,
        guide: guide.id,
        startDate: new Date(start).toISOString(),
        endDate: new Date(start + 4 * DAY).toISOString(),
        totalSeats: 6,
        price: 9999,
        status: 'open',
      },
      overrideAccess: true,
    })
  })

  it('ops sees upcoming batches with occupancy, and incidents or why there are none', async () => {
    const html = await render('ops_manager')

    expect(html).toContain('Operations desk')
    expect(html).toContain(
      `<a href="/admin/collections/batches/${catalog.batch.id}">${draftName}</a>`,
    )
    expect(html).toContain('0/8 (0%)')
    expect(html).toContain('data-panel="openIncidents"')
    if (!payload.collections['incidents' as 'users']) {
      expect(html).toContain('SOS incidents are not enabled on this server.')
    }
    expect(html).not.toContain('data-panel="paymentsToday"')
  })

  it('cs sees recent bookings and cancellations', async () => {
    const html = await render('cs')

    expect(html).toContain('Customer success desk')
    const [recent, cancelled] = html.split('data-panel="recentCancellations"')
    expect(recent).toContain('Asha Rao')
    expect(cancelled).toContain('Vikram Das')
    expect(cancelled).not.toContain('Asha Rao')
  })

  it("finance sees today's payments in Asia/Kolkata and the export link", async () => {
    const html = await render('finance')
    const { date } = businessDay()

    expect(html).toContain(`Payments today (${date}, Asia/Kolkata)`)
    expect(html).toContain('₹4,321.50')
    expect(html).toMatch(/\d+ success/)
    expect(html).toContain(`href="/api/payments/export?from=${date}&amp;to=${date}"`)
    expect(html).not.toContain('data-panel="recentBookings"')
  })

  it('content sees draft treks and nothing about bookings or money', async () => {
    const html = await render('content')

    expect(html).toContain('Content desk')
    expect(html).toContain(draftName)
    expect(html).not.toMatch(/data-panel="(recentBookings|paymentsToday|upcomingBatches)"/)
  })

  it('a guide sees only the batches they lead', async () => {
    const html = await render('guide')

    expect(html).toContain('My upcoming batches')
    expect(html).toContain(`/admin/collections/batches/${guideBatch.id}"`)
    expect(html).not.toContain(`/admin/collections/batches/${catalog.batch.id}"`)
  })

  it('super admins see every panel; trekkers get no dashboard', async () => {
    const html = await render('super_admin')

    for (const panel of [
      'upcomingBatches',
      'openIncidents',
      'recentBookings',
      'paymentsToday',
      'draftTreks',
    ]) {
      expect(html).toContain(`data-panel="${panel}"`)
    }
    expect(await render('trekker')).toBe('')
  })

  it("reads with the viewer's own access, never around it", async () => {
    const viewer = (role: StaffRole) => ({ payload, user: users[role] })

    // Content staff read no bookings, and payments are refused to them outright (their
    // dashboard has no payments panel).
    expect(await load.recentBookings(viewer('content'))).toEqual([])
    await expect(load.paymentsToday(viewer('content'))).rejects.toThrow(/not allowed/)
    expect((await load.recentBookings(viewer('super_admin'))).length).toBeGreaterThan(0)
  })

  it('takes the business day in Asia/Kolkata', () => {
    expect(businessDay(new Date('2026-12-04T20:00:00Z'))).toEqual({
      date: '2026-12-05',
      from: '2026-12-04T18:30:00.000Z',
      to: '2026-12-05T18:30:00.000Z',
    })
    expect(businessDay(new Date('2026-12-04T18:29:59Z')).date).toBe('2026-12-04')
  })
})
