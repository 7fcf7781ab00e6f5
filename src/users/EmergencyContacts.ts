import type {
  Access,
  CollectionBeforeChangeHook,
  CollectionConfig,
  PayloadRequest,
  Where,
} from 'payload'
import { APIError, ValidationError } from 'payload'

import { refuseWritesForErasedAccount } from './privacy/refuseWritesForErasedAccount'

import { hiddenUnless } from '@/access/predicates'
import { hasRole, isSuperAdmin, isTrekker, type AuthUser } from '@/access/roles'
import { preventLostUpdates } from '@/db/noLostUpdates'
import { relationId } from '@/shared/relationId'
import { lockRow, queryRows, sql } from '@/shared/sql'

import { guideRosterUserIds } from './roster'
import { phoneInE164, validContactPhone } from './validation/contactPhone'
import { validEmailAddress } from './validation/emailAddress'
import { NOT_COPIED } from '@/shared/notCopied'

const callerOf = (req: PayloadRequest) => req.user as AuthUser

const ownRows = (user: NonNullable<AuthUser>): Where => ({ user: { equals: user.id } })

/** Owners; ops and cs for every trekker; a guide for the trekkers on their batches. */
const readContacts: Access = async ({ req }) => {
  const user = callerOf(req)
  if (!user) {
    return false
  }
  if (hasRole(user, 'super_admin', 'ops_manager', 'cs')) {
    return true
  }
  if (hasRole(user, 'guide')) {
    const roster = await guideRosterUserIds(req, user.id)
    return roster.length > 0 ? { or: [ownRows(user), { user: { in: roster } }] } : ownRows(user)
  }
  return isTrekker(user) ? ownRows(user) : false
}

/** Trekkers keep their own contacts; super admins may fix anyone's. Other staff only read. */
const writeContacts: Access = ({ req }) => {
  const user = callerOf(req)
  if (!user) {
    return false
  }
  if (isSuperAdmin(user)) {
    return true
  }
  return isTrekker(user) ? ownRows(user) : false
}

/** The owner is the caller, whatever the body says; only a super admin may name someone else. */
const fillOwner: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  const user = callerOf(req)
  if (operation !== 'create' || !user) {
    return data
  }
  if (!isSuperAdmin(user) || data.user == null) {
    return { ...data, user: user.id }
  }
  return data
}

const requireOwner: CollectionBeforeChangeHook = ({ data, operation }) => {
  if (operation === 'create' && data.user == null) {
    throw new APIError('An emergency contact must belong to a trekker', 400)
  }
  return data
}

/**
 * An emergency contact is someone to call when the trekker cannot answer: their own number met
 * the rule that a booking needs a contact, and every SOS "to the family" then went to the
 * phone of the trekker in trouble (review round 37). Compared in E.164, as both are stored.
 */
const someoneElsesPhone: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const owner = relationId(data.user ?? originalDoc?.user)
  const phone = data.phone ?? originalDoc?.phone
  if (owner === null || !phone) {
    return data
  }
  const [account] = await queryRows<{ phone: string | null; pending_phone: string | null }>(
    req,
    sql`select phone, pending_phone from users where id = ${owner}`,
  )
  if (account && (phone === account.phone || phone === account.pending_phone)) {
    throw new ValidationError({
      collection: 'emergency-contacts',
      errors: [
        {
          path: 'phone',
          message:
            'This is your own phone number: an emergency contact is someone we call when you cannot answer.',
        },
      ],
      req,
    })
  }
  return data
}

/**
 * Every contact gets an SMS on each SOS, so the list is kept to people who would act on one:
 * an unbounded list would let one account send SMS to any number of strangers.
 */
export const MAX_EMERGENCY_CONTACTS = 10

/** Counted under a lock on the owner's row so parallel creates cannot pass the cap together. */
const capContactsPerTrekker: CollectionBeforeChangeHook = async ({ data, operation, req }) => {
  if (operation !== 'create') {
    return data
  }
  const owner = typeof data.user === 'object' && data.user ? data.user.id : data.user
  await lockRow(req, 'users', owner)
  const { totalDocs } = await req.payload.count({
    collection: 'emergency-contacts',
    where: { user: { equals: owner } },
    overrideAccess: true,
    req,
  })
  if (totalDocs >= MAX_EMERGENCY_CONTACTS) {
    throw new APIError(
      `A trekker may keep at most ${MAX_EMERGENCY_CONTACTS} emergency contacts; remove one first`,
      400,
      undefined,
      true,
    )
  }
  return data
}

/** An erasure deletes a trekker's contacts under lock; an edit waits for it and finds none. */
const noLostContactUpdates = preventLostUpdates('emergency_contacts')

export const EmergencyContacts: CollectionConfig = {
  slug: 'emergency-contacts',
  ...NOT_COPIED,
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'relationship', 'phone', 'user'],
    group: 'Tribe',
    hidden: hiddenUnless('ops_manager', 'cs', 'guide'),
  },
  access: {
    read: readContacts,
    create: ({ req }) => isTrekker(callerOf(req)) || isSuperAdmin(callerOf(req)),
    update: writeContacts,
    delete: writeContacts,
  },
  defaultSort: 'createdAt',
  hooks: {
    beforeOperation: [noLostContactUpdates.lockBeforeRead],
    beforeChange: [
      noLostContactUpdates.refuseStaleWrite,
      fillOwner,
      requireOwner,
      refuseWritesForErasedAccount('user'),
      capContactsPerTrekker,
      someoneElsesPhone,
    ],
  },
  fields: [
    {
      name: 'user',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      access: { update: ({ req }) => isSuperAdmin(callerOf(req)) },
      admin: { description: 'Filled from the signed-in trekker' },
    },
    { name: 'name', type: 'text', required: true, maxLength: 120 },
    { name: 'relationship', type: 'text', required: true, maxLength: 60 },
    {
      name: 'phone',
      type: 'text',
      required: true,
      admin: { description: 'Stored in E.164: 098…, +91 98… and 98… are one number' },
      hooks: { beforeValidate: [phoneInE164] },
      validate: validContactPhone,
    },
    { name: 'email', type: 'email', validate: validEmailAddress },
  ],
}

export type EmergencyContactSnapshot = { name: string; phone: string; relationship: string }

/** The trekker's first emergency contact, the one copied onto their bookings. */
export async function firstEmergencyContact(
  req: PayloadRequest,
  userId: number,
): Promise<EmergencyContactSnapshot | null> {
  const { docs } = await req.payload.find({
    collection: 'emergency-contacts',
    where: { user: { equals: userId } },
    sort: ['createdAt', 'id'],
    limit: 1,
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const contact = docs[0]
  return contact
    ? { name: contact.name, phone: contact.phone, relationship: contact.relationship }
    : null
}
