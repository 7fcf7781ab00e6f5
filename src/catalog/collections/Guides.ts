import type { Access, CollectionConfig, FieldAccess, Where } from 'payload'

import { fieldRolesCan, hiddenUnless } from '@/access/predicates'
import { batchesStillLed } from '@/catalog/batchesStillLed'
import { hasRole, type AuthUser } from '@/access/roles'
import { attachableMedia } from '@/media/access'
import { uploadsMustBeTheirs } from '@/media/ownUploadOnly'
import { keepMediaVisibilityFresh } from '@/media/visibility'
import { refuseDeleteWhileUsed } from '@/shared/refuseDeleteWhileUsed'
import { relationId } from '@/shared/relationId'
import { phoneInE164, validContactPhone } from '@/users/validation/contactPhone'

import { guideCardNeedsGuideAccount } from '../hooks/guideCardNeedsGuideAccount'
import { leadingGuideStaysActive } from '../hooks/leadingGuideStaysActive'
import { noLostGuideUpdates } from '../hooks/noLostGuideUpdates'

const photoVisibility = keepMediaVisibilityFresh(['photo'])

const ownGuidePhoto = uploadsMustBeTheirs({
  collection: 'guides',
  field: 'photo',
  ownerOf: (guide) => relationId(guide.user),
  message: 'Choose a catalog picture or a photo the guide uploaded (staff: one they already show)',
})

/** Staff who work with guides beyond their public profile; finance sees the public view. */
const GUIDE_DESK = ['super_admin', 'ops_manager', 'cs', 'content'] as const

const isGuideDesk = (user: AuthUser) => hasRole(user, ...GUIDE_DESK)

const ownerOf = (doc: unknown) => relationId((doc as { user?: unknown } | undefined)?.user)

/**
 * satellitePhone, user and isActive: the guide desk, and a guide on their own profile.
 * Without a row (a `where` or `sort` being checked) only the desk passes, so these
 * fields cannot be probed by filtering either.
 */
const staffFieldRead: FieldAccess = ({ req, doc }) => {
  const user = req.user as AuthUser
  if (isGuideDesk(user)) {
    return true
  }
  return hasRole(user, 'guide') && doc !== undefined && String(ownerOf(doc)) === String(user!.id)
}

/** The public, trekkers and finance see active guides; the desk and guides see all. */
const readGuides: Access = ({ req }) =>
  isGuideDesk(req.user as AuthUser) || hasRole(req.user as AuthUser, 'guide')
    ? true
    : ({ isActive: { equals: true } } as Where)

/** Ops and super admins manage guides; content and the guide themself edit bio and photo. */
const canUpdateGuide: Access = ({ req }) => {
  const user = req.user as AuthUser
  if (hasRole(user, 'super_admin', 'ops_manager', 'content')) {
    return true
  }
  return hasRole(user, 'guide') ? ({ user: { equals: user!.id } } as Where) : false
}

const canManageGuides: Access = ({ req }) =>
  hasRole(req.user as AuthUser, 'super_admin', 'ops_manager')

const profileWrite: FieldAccess = ({ req }) =>
  hasRole(req.user as AuthUser, 'super_admin', 'ops_manager', 'content', 'guide')

const opsOnly = { create: fieldRolesCan('ops_manager'), update: fieldRolesCan('ops_manager') }

const staffOnly = { ...opsOnly, read: staffFieldRead }

export const Guides: CollectionConfig = {
  slug: 'guides',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'yearsExp', 'regions', 'isActive'],
    group: 'Catalog',
    hidden: hiddenUnless('content', 'ops_manager', 'cs', 'guide'),
  },
  access: {
    read: readGuides,
    create: canManageGuides,
    update: canUpdateGuide,
    delete: canManageGuides,
  },
  hooks: {
    beforeOperation: [noLostGuideUpdates.lockBeforeRead],
    beforeChange: [
      noLostGuideUpdates.refuseStaleWrite,
      guideCardNeedsGuideAccount,
      leadingGuideStaysActive,
      ownGuidePhoto,
    ],
    afterChange: [photoVisibility.afterChange],
    // Deleting the card would empty `guide` on its batches through the foreign key, and an SOS
    // from such a departure would reach no guide. Completed batches, and called-off ones whose
    // trekkers are off the mountain, let it go (batchesStillLed).
    beforeDelete: [
      refuseDeleteWhileUsed(
        'batches',
        'guide',
        'This guide leads upcoming batches: assign another guide to those batches first.',
        batchesStillLed,
      ),
    ],
    afterDelete: [photoVisibility.afterDelete],
  },
  fields: [
    { name: 'name', type: 'text', required: true, maxLength: 120, access: opsOnly },
    {
      name: 'user',
      type: 'relationship',
      relationTo: 'users',
      unique: true,
      index: true,
      access: staffOnly,
      admin: {
        description:
          'The staff account (role guide) this guide signs in with; SOS alerts of their batches go to it',
      },
    },
    { name: 'bio', type: 'textarea', maxLength: 5000, access: { update: profileWrite } },
    {
      name: 'photo',
      type: 'upload',
      relationTo: 'media',
      access: { update: profileWrite },
      filterOptions: attachableMedia,
    },
    { name: 'yearsExp', type: 'number', min: 0, max: 70, access: opsOnly },
    {
      name: 'regions',
      type: 'relationship',
      relationTo: 'regions',
      hasMany: true,
      access: opsOnly,
    },
    { name: 'certifications', type: 'text', hasMany: true, maxRows: 30, access: opsOnly },
    {
      name: 'satellitePhone',
      type: 'text',
      access: staffOnly,
      // Every SOS of the guide's departures is texted here, above the mobile network: a typo
      // ("call base camp") was stored as sent and each alert queued to a number nobody has
      // (review round 35). Stored in E.164, as an emergency contact's phone.
      hooks: { beforeValidate: [phoneInE164] },
      validate: (value: unknown) =>
        value === null || value === undefined || value === '' ? true : validContactPhone(value),
    },
    { name: 'isActive', type: 'checkbox', defaultValue: true, index: true, access: staffOnly },
  ],
}
