import type { CollectionConfig } from 'payload'

import { hiddenUnless, nobody, rolesCan } from '@/access/predicates'
import { NOT_COPIED } from '@/shared/notCopied'

/**
 * The last period each schedule has run for. Advancing it is a compare-and-set, so one
 * period is claimed by exactly one instance, and after a restart the gap to now shows
 * which runs were missed.
 */
export const ScheduleRuns: CollectionConfig = {
  slug: 'schedule-runs',
  ...NOT_COPIED,
  admin: {
    useAsTitle: 'schedule',
    defaultColumns: ['schedule', 'lastPeriod', 'updatedAt'],
    group: 'System',
    hidden: hiddenUnless('ops_manager'),
  },
  access: { read: rolesCan('ops_manager'), create: nobody, update: nobody, delete: rolesCan() },
  fields: [
    { name: 'schedule', type: 'text', required: true, unique: true },
    {
      name: 'lastPeriod',
      type: 'date',
      required: true,
      admin: {
        description: 'The scheduled time of the last run claimed',
        date: { pickerAppearance: 'dayAndTime' },
      },
    },
  ],
}
