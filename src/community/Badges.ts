import type { CollectionConfig } from 'payload'

import { anyone, hiddenUnless, rolesCan } from '@/access/predicates'

import { numberBetween } from '@/catalog/validation/numbers'
import { preventLostUpdates } from '@/db/noLostUpdates'
import { slugField } from '@/fields/slug'
import { refuseDeleteWhileUsed } from '@/shared/refuseDeleteWhileUsed'
import { PICTURES_ONLY } from '@/media/access'
import { catalogUploadsOnly } from '@/media/ownUploadOnly'
import { keepMediaVisibilityFresh } from '@/media/visibility'

const iconVisibility = keepMediaVisibilityFresh(['icon'])

/** An edit waits for a delete (or another edit) of the badge under way: a 500 otherwise. */
const noLostBadgeUpdates = preventLostUpdates('badges')

/** Rules are evaluated in code; content picks which rule a badge uses and its points. */
export const BADGE_RULES = [
  'first_trek_completed',
  'five_treks_completed',
  'above_5000m',
  'three_regions',
  'first_post',
] as const

export const Badges: CollectionConfig = {
  slug: 'badges',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'rule', 'points', 'updatedAt'],
    group: 'Community',
    hidden: hiddenUnless('content', 'cs'),
  },
  access: {
    read: anyone,
    create: rolesCan('content'),
    update: rolesCan('content'),
    delete: rolesCan('content'),
  },
  hooks: {
    beforeOperation: [noLostBadgeUpdates.lockBeforeRead],
    beforeChange: [noLostBadgeUpdates.refuseStaleWrite, catalogUploadsOnly('badges', 'icon')],
    afterChange: [iconVisibility.afterChange],
    beforeDelete: [
      refuseDeleteWhileUsed(
        'badge-awards',
        'badge',
        'Members have earned this badge, so it cannot be deleted: edit it instead',
      ),
    ],
    afterDelete: [iconVisibility.afterDelete],
  },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 80 },
    slugField('name'),
    { name: 'description', type: 'textarea', maxLength: 1000 },
    { name: 'icon', type: 'upload', relationTo: 'media', filterOptions: PICTURES_ONLY },
    { name: 'rule', type: 'select', required: true, unique: true, options: [...BADGE_RULES] },
    {
      name: 'points',
      type: 'number',
      min: 0,
      max: 10000,
      defaultValue: 0,
      // The points ledger takes whole points only: a fraction here failed every award of the
      // badge's rule, and the member's other badges of the same run with it (review round 31).
      validate: numberBetween('Points', 0, 10000, { whole: true }),
    },
  ],
}
