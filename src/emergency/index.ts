import type { CollectionConfig } from 'payload'

import { Incidents } from './collections/Incidents'

export { INCIDENT_STATUSES } from './hooks/recordStaffActions'

export const emergencyCollections: CollectionConfig[] = [Incidents]
