import { Forbidden, type Payload, type TypedUser, type Where } from 'payload'

import type { Batch, Booking, Payment, Trek } from '@/payload-types'

import { businessDay } from './businessDay'

/**
 * Dashboard reads go through the Local API with the signed-in user's own access
 * (`overrideAccess: false`), so a panel never shows a row or field the role could not
 * open in the list view itself.
 */
export type Viewer = { payload: Payload; user: TypedUser }

const asUser = ({ user }: Viewer) => ({ user, overrideAccess: false })

const LIST = 10

/** A role with no read access at all sees an empty panel, as its list view would be. */
function unlessForbidden<R>(read: Promise<R>): Promise<R> {
  return read.catch((err: unknown) => {
    if (err instanceof Forbidden) {
      return { docs: [], totalDocs: 0 } as unknown as R
    }
    throw err
  })
}

export async function upcomingBatches(viewer: Viewer): Promise<Batch[]> {
  const { docs } = await unlessForbidden(
    viewer.payload.find({
      collection: 'batches',
      where: {
        startDate: { greater_than: new Date().toISOString() },
        status: { in: ['open', 'full'] },
      },
      sort: 'startDate',
      limit: LIST,
      depth: 1,
      ...asUser(viewer),
    }),
  )
  return docs
}

export type IncidentRow = {
  id: number | string
  occurredAt?: string | null
  message?: string | null
  status?: string | null
  trekker?: { firstName?: string | null; lastName?: string | null; email?: string } | number | null
  batch?: { startDate?: string } | number | null
  /** Further open SOS of the same trekker, older than this one. */
  moreFromTrekker?: number
}

const OPEN_SOS: Where = { status: { in: ['open', 'acknowledged'] } }

const trekkerIdOf = (incident: IncidentRow) =>
  typeof incident.trekker === 'object' && incident.trekker !== null
    ? (incident.trekker as { id?: number }).id
    : incident.trekker

/**
 * The newest open SOS of each trekker, newest first, up to ten trekkers, each with how many
 * more that trekker has open. One row per trekker: an account sending SOS in a loop (a stuck
 * button, a script) pushed another trekker's real SOS off the panel within ten (review round
 * 41). Two queries per row (the row, its trekker's count): a constant number, whatever the loop.
 */
export async function openIncidents(viewer: Viewer): Promise<IncidentRow[] | null> {
  if (!viewer.payload.collections['incidents' as 'users']) {
    return null
  }
  const rows: IncidentRow[] = []
  const trekkers: Array<number> = []
  while (rows.length < LIST) {
    const unseen: Where[] = rows.length
      ? [
          { id: { not_in: rows.map((row) => row.id) } },
          { or: [{ trekker: { not_in: trekkers } }, { trekker: { exists: false } }] },
        ]
      : []
    const { docs } = await unlessForbidden(
      viewer.payload.find({
        collection: 'incidents' as 'users',
        where: { and: [OPEN_SOS, ...unseen] } as Where,
        // When the SOS reached OBS, not the phone's clock: a phone may claim any time in the
        // past (a reset clock), so ordering by it could push a new SOS off this panel.
        sort: '-createdAt',
        limit: 1,
        depth: 1,
        ...asUser(viewer),
      }),
    )
    const next = docs[0] as unknown as IncidentRow | undefined
    if (!next) {
      break
    }
    rows.push(next)
    const trekker = trekkerIdOf(next)
    if (typeof trekker === 'number') {
      trekkers.push(trekker)
    }
  }
  for (const row of rows) {
    const trekker = trekkerIdOf(row)
    if (typeof trekker === 'number') {
      const { totalDocs } = await viewer.payload.count({
        collection: 'incidents' as 'users',
        where: { and: [OPEN_SOS, { trekker: { equals: trekker } }] } as Where,
        ...asUser(viewer),
      })
      row.moreFromTrekker = Math.max(totalDocs - 1, 0)
    }
  }
  return rows
}

export async function recentBookings(viewer: Viewer): Promise<Booking[]> {
  const { docs } = await unlessForbidden(
    viewer.payload.find({
      collection: 'bookings',
      sort: '-createdAt',
      limit: LIST,
      depth: 2,
      ...asUser(viewer),
    }),
  )
  return docs
}

export async function recentCancellations(viewer: Viewer): Promise<Booking[]> {
  const { docs } = await unlessForbidden(
    viewer.payload.find({
      collection: 'bookings',
      where: { status: { equals: 'cancelled' } },
      sort: '-updatedAt',
      limit: LIST,
      depth: 2,
      ...asUser(viewer),
    }),
  )
  return docs
}

export type PaymentsToday = {
  date: string
  latest: Payment[]
  counts: Record<Payment['status'], number>
}

export async function paymentsToday(viewer: Viewer, now = new Date()): Promise<PaymentsToday> {
  const day = businessDay(now)
  const today: Where = { createdAt: { greater_than_equal: day.from, less_than: day.to } }

  const { docs } = await unlessForbidden(
    viewer.payload.find({
      collection: 'payments',
      where: today,
      sort: '-createdAt',
      limit: 20,
      depth: 1,
      ...asUser(viewer),
    }),
  )
  const statuses = ['success', 'pending', 'failed', 'refunded'] as const
  const totals = await Promise.all(
    statuses.map((status) =>
      viewer.payload.count({
        collection: 'payments',
        where: { and: [today, { status: { equals: status } }] },
        ...asUser(viewer),
      }),
    ),
  )
  const counts = Object.fromEntries(statuses.map((status, i) => [status, totals[i].totalDocs]))
  return { date: day.date, latest: docs, counts: counts as PaymentsToday['counts'] }
}

export async function draftTreks(viewer: Viewer): Promise<Trek[]> {
  const { docs } = await unlessForbidden(
    viewer.payload.find({
      collection: 'treks',
      where: { status: { equals: 'draft' } },
      sort: '-updatedAt',
      limit: 20,
      depth: 1,
      ...asUser(viewer),
    }),
  )
  return docs
}
