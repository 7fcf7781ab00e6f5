import type { StaffRole } from '@/access/roles'

export type PanelId =
  | 'upcomingBatches'
  | 'openIncidents'
  | 'recentBookings'
  | 'recentCancellations'
  | 'paymentsToday'
  | 'draftTreks'

/** What each staff role needs first when it opens the admin; super admins see everything. */
const PANELS: Record<StaffRole, PanelId[]> = {
  super_admin: [
    'upcomingBatches',
    'openIncidents',
    'recentBookings',
    'recentCancellations',
    'paymentsToday',
    'draftTreks',
  ],
  ops_manager: ['upcomingBatches', 'openIncidents'],
  cs: ['recentBookings', 'recentCancellations'],
  finance: ['paymentsToday'],
  content: ['draftTreks'],
  guide: ['upcomingBatches'],
}

export function panelsForRole(role: StaffRole | null | undefined): PanelId[] {
  return role ? PANELS[role] : []
}
