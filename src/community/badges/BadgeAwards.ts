import type { CollectionConfig } from 'payload'

import { hiddenUnless, nobody, rolesOrOwner } from '@/access/predicates'
import { NOT_COPIED } from '@/shared/notCopied'

/**
 * Which user earned which badge, and when. The unique (user, badge) index is what makes an
 * award happen exactly once, however many evaluations race; `users.badges` mirrors it. An award
 * is kept for good, like the points row given with it: a deleted award was given again, points
 * and all, by the next evaluation (review round 40). An account with awards is erased, not deleted.
 */
export const BadgeAwards: CollectionConfig = {
  slug: 'badge-awards',
  ...NOT_COPIED,
  admin: {
    useAsTitle: 'id',
    defaultColumns: ['user', 'badge', 'awardedAt', 'points'],
    group: 'Community',
    hidden: hiddenUnless('content', 'cs', 'ops_manager'),
  },
  defaultSort: '-awardedAt',
  access: {
    read: rolesOrOwner('user', 'content', 'cs', 'ops_manager'),
    create: nobody,
    update: nobody,
    delete: nobody,
  },
  indexes: [{ fields: ['user', 'badge'], unique: true }],
  fields: [
    { name: 'user', type: 'relationship', relationTo: 'users', required: true, index: true },
    { name: 'badge', type: 'relationship', relationTo: 'badges', required: true, index: true },
    { name: 'awardedAt', type: 'date', required: true },
    {
      name: 'points',
      type: 'number',
      defaultValue: 0,
      admin: { description: 'Points given with it' },
    },
  ],
}
