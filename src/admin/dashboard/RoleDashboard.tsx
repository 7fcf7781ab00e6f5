import './dashboard.css'

import type { ServerProps } from 'payload'
import type { ReactNode } from 'react'

import { roleOf, type AuthUser, type StaffRole } from '@/access/roles'

import { BookingsPanel, DraftTreksPanel, PaymentsTodayPanel } from './DeskPanels'
import { OpenIncidentsPanel, UpcomingBatchesPanel } from './OpsPanels'
import { panelsForRole, type PanelId } from './panelsForRole'
import * as load from './queries'

const ROLE_TITLES: Record<StaffRole, string> = {
  super_admin: 'Super admin',
  ops_manager: 'Operations',
  cs: 'Customer success',
  finance: 'Finance',
  content: 'Content',
  guide: 'Guide',
}

async function renderPanel(
  panel: PanelId,
  viewer: load.Viewer,
  role: StaffRole,
): Promise<ReactNode> {
  switch (panel) {
    case 'upcomingBatches':
      return (
        <UpcomingBatchesPanel
          batches={await load.upcomingBatches(viewer)}
          mine={role === 'guide'}
        />
      )
    case 'openIncidents':
      return <OpenIncidentsPanel incidents={await load.openIncidents(viewer)} />
    case 'recentBookings':
      return (
        <BookingsPanel
          id={panel}
          title="Recent bookings"
          when="createdAt"
          bookings={await load.recentBookings(viewer)}
        />
      )
    case 'recentCancellations':
      return (
        <BookingsPanel
          id={panel}
          title="Recent cancellations"
          when="updatedAt"
          bookings={await load.recentCancellations(viewer)}
        />
      )
    case 'paymentsToday':
      return <PaymentsTodayPanel today={await load.paymentsToday(viewer)} />
    case 'draftTreks':
      return <DraftTreksPanel treks={await load.draftTreks(viewer)} />
  }
}

/**
 * Shown above Payload's collection cards: each staff role lands on the few lists it works
 * from every day. Data is read with the user's own access (see queries.ts).
 */
export async function RoleDashboard({ payload, user }: Pick<ServerProps, 'payload' | 'user'>) {
  const role = roleOf(user as AuthUser)
  if (!user || !role) {
    return null
  }
  const viewer = { payload, user }
  const panels = await Promise.all(
    panelsForRole(role).map((panel) => renderPanel(panel, viewer, role)),
  )

  return (
    <div className="obs-dashboard" data-role={role}>
      <h2 className="obs-dashboard__title">{ROLE_TITLES[role]} desk</h2>
      <div className="obs-dashboard__panels">
        {panels.map((panel, i) => (
          <div key={i}>{panel}</div>
        ))}
      </div>
    </div>
  )
}
