import type { Access, CollectionConfig, FieldAccess, FieldHook, Where } from 'payload'

import { fieldRolesCan, hiddenUnless } from '@/access/predicates'
import { hasRole, isStaff, STAFF_ROLES, type AuthUser } from '@/access/roles'
import { env } from '@/config/env'

import { unlockAccounts } from './access/unlockAccounts'
import { userEndpoints } from './endpoints'
import { phoneInE164 } from './validation/contactPhone'
import { plausibleBirthDate } from './validation/birthDate'
import { validEmailAddress } from './validation/emailAddress'
import { keepCredentialsWithTheirOwner } from './hooks/keepCredentialsWithTheirOwner'
import { addRefreshTokenToLogin } from './hooks/addRefreshTokenToLogin'
import { refuseUnprovenPhoneChange, trackContactProof } from './hooks/contactProof'
import { holdOwnEmailChange, sendEmailChangeMails } from './hooks/emailChange'
import { dropInternalSessions } from './hooks/dropInternalSessions'
import { keepPayloadRefreshForTheAdmin } from './hooks/keepPayloadRefreshForTheAdmin'
import { limitFailedSignIns, releaseSignInSlot } from './hooks/limitFailedSignIns'
import { limitSignUps } from './hooks/limitSignUps'
import { queuePasswordReset, sendResetMailAsJob } from './hooks/passwordResetMail'
import { queueVerificationMail, sendVerificationMailAsJob } from './hooks/verificationMail'
import { holdSignUpPhone } from './hooks/signUpPhone'
import { endSignInOnLogout } from './hooks/endSignInOnLogout'
import { hideSessionList } from './hooks/hideSessionList'
import { refuseErasedSignIn } from './hooks/refuseErasedSignIn'
import { refuseWritesFromEndedSignIn } from './hooks/refuseWritesFromEndedSignIn'
import { refuseShortPassword } from './hooks/refuseShortPassword'
import { proveOwnCredentialChange } from './hooks/proveOwnCredentialChange'
import { emailTakenNamesEmail } from './hooks/emailTakenNamesEmail'
import {
  noteOwnUploads,
  refuseDeleteWithHistory,
  removeAccountLeftovers,
  removeOwnUploads,
} from './hooks/refuseDeleteWithHistory'
import { notePasswordChange, revokeSessionsOnPasswordChange } from './hooks/passwordChange'
import { revokeSessionsOnPhoneChange } from './hooks/phoneChange'
import { leaveGuideRole } from './hooks/leaveGuideRole'
import { becomeStaffWithoutLiveBookings, endSignInsOnBecomingStaff } from './hooks/becomeStaff'
import {
  endGrantsOnPasswordReset,
  noteResetPassword,
  verifyAddressOnReset,
  voidResetLinkOnEmailChange,
} from './hooks/passwordReset'
import { attachableMedia } from '@/media/access'
import { preventLostUpdates } from '@/db/noLostUpdates'
import { refuseChangesToErasedAccount } from './privacy/refuseWritesForErasedAccount'
import { uploadsMustBeTheirs } from '@/media/ownUploadOnly'
import { keepMediaVisibilityFresh } from '@/media/visibility'
import { relationId } from '@/shared/relationId'
import { CURRENT_CODE, CURRENT_PASSWORD } from './auth/holderProof'
import { jwtUnlessDatabaseDown } from './auth/jwtUnlessDatabaseDown'
import { providerLinkBookkeeping } from './auth/providerLinks'
import { refuseNulInAccountText } from './hooks/refuseNulInAccountText'
import { guideRosterUserIds } from './roster'
import { TRIBE_TIERS } from './tiers'
import { NOT_COPIED } from '@/shared/notCopied'

// Points, erasure and sign-in code change accounts under lock.
const noLostUserUpdates = preventLostUpdates('users')

const ownProfilePhoto = uploadsMustBeTheirs({
  collection: 'users',
  field: 'profilePhoto',
  ownerOf: (user) => relationId(user.id),
  message: 'Choose a photo uploaded by the account holder (staff: one they already show)',
})

// Shown next to the member's published posts in the feed.
const profilePhotoVisibility = keepMediaVisibilityFresh(['profilePhoto'])

const self = (user: AuthUser, id: unknown) => Boolean(user) && String(user!.id) === String(id)

/** Staff who may see every account; guides see their rosters through bookings. */
const readUsers: Access = async ({ req }) => {
  const user = req.user as AuthUser
  if (!user) {
    return false
  }
  if (hasRole(user, 'super_admin', 'ops_manager', 'cs', 'finance')) {
    return true
  }
  if (hasRole(user, 'guide')) {
    return { id: { in: [user.id, ...(await guideRosterUserIds(req, user.id))] } }
  }
  return { id: { equals: user.id } }
}

const updateUsers: Access = ({ req }) => {
  const user = req.user as AuthUser
  if (!user) {
    return false
  }
  if (hasRole(user, 'super_admin')) {
    return true
  }
  // Customer success edits trekkers' profiles, never another staff account.
  if (hasRole(user, 'cs')) {
    return { or: [{ id: { equals: user.id } }, { staffRole: { exists: false } }] } as Where
  }
  return { id: { equals: user.id } }
}

/** Profile fields: the owner and the staff who look after trekkers; not finance. */
const profileRead: FieldAccess = ({ req, id, doc }) => {
  const user = req.user as AuthUser
  return self(user, id ?? doc?.id) || hasRole(user, 'super_admin', 'ops_manager', 'cs', 'guide')
}

const profileWrite: FieldAccess = ({ req, id, doc }) => {
  const user = req.user as AuthUser
  // `id` is absent on create: anyone registering may fill their own profile.
  if (!id && !doc) {
    return true
  }
  return self(user, id ?? doc?.id) || hasRole(user, 'super_admin', 'cs')
}

const profileAccess = { read: profileRead, create: profileWrite, update: profileWrite }

/** Loyalty state is written only by the server (points transactions), never by a client. */
const serverOnlyWrite = { create: () => false, update: () => false }

/** Sign-in facts: set by the sign-in code only, seen by staff who sort out account problems. */
const signInFact = { ...serverOnlyWrite, read: fieldRolesCan('cs', 'ops_manager') }

/**
 * A contact the user asked for but has not proved yet: theirs to see (and a super admin's),
 * written only by the server, never a way to sign in.
 */
const unprovenClaim = {
  ...serverOnlyWrite,
  read: (({ req, id, doc }) =>
    self(req.user as AuthUser, id ?? doc?.id) ||
    hasRole(req.user as AuthUser, 'super_admin')) as FieldAccess,
}

/**
 * A phone is a credential: set only by OTP proof, server code or a super admin. A phone sent
 * with a sign-up is held apart as `pendingPhone` (holdSignUpPhone) until proved.
 */
const phoneAccess = { ...profileAccess, update: fieldRolesCan() }

/**
 * An emptied optional field arrives as `""` from apps and forms: stored as no value (null), since
 * `""` counts in a unique index, so the second member to clear theirs was refused as "Value must
 * be unique" (review round 27).
 */
const emptyIsNone: FieldHook = ({ value }) => (value === '' ? null : value)

export const Users: CollectionConfig = {
  slug: 'users',
  ...NOT_COPIED,
  auth: {
    tokenExpiration: 60 * 60,
    maxLoginAttempts: 5,
    lockTime: 15 * 60 * 1000,
    useAPIKey: false,
    // Lax keeps the cookie off cross-site POSTs; Secure (on in production, COOKIE_SECURE) keeps
    // it off plain HTTP. Cross-origin cookie requests are also refused by the CSRF allowlist.
    cookies: { sameSite: 'Lax', secure: env.cookieSecure },
    // Password sign-ups confirm their address before they can sign in.
    verify: true,
    // Phone and provider accounts need no e-mail; Payload then wants a username instead,
    // which the server fills with an opaque id. E-mail sign-in works as before.
    loginWithUsername: { allowEmailLogin: true, requireEmail: false, requireUsername: false },
    // Runs before Payload's own JWT check: a token met while the database is down is a 503.
    strategies: [jwtUnlessDatabaseDown],
  },
  endpoints: userEndpoints,
  hooks: {
    beforeOperation: [
      refuseNulInAccountText,
      refuseShortPassword,
      // First: the proof's slow hash check runs before the account's row is locked.
      proveOwnCredentialChange,
      noLostUserUpdates.lockBeforeRead,
      keepPayloadRefreshForTheAdmin,
      limitSignUps,
      limitFailedSignIns,
      dropInternalSessions,
      refuseUnprovenPhoneChange,
      holdSignUpPhone,
      sendResetMailAsJob,
      sendVerificationMailAsJob,
      noteResetPassword,
    ],
    beforeValidate: [verifyAddressOnReset],
    beforeChange: [
      noLostUserUpdates.refuseStaleWrite,
      refuseWritesFromEndedSignIn,
      emailTakenNamesEmail,
      refuseChangesToErasedAccount,
      keepCredentialsWithTheirOwner,
      trackContactProof,
      holdOwnEmailChange,
      voidResetLinkOnEmailChange,
      notePasswordChange,
      ownProfilePhoto,
      leaveGuideRole,
      becomeStaffWithoutLiveBookings,
    ],
    afterChange: [
      endSignInsOnBecomingStaff,
      revokeSessionsOnPasswordChange,
      revokeSessionsOnPhoneChange,
      sendEmailChangeMails,
      profilePhotoVisibility.afterChange,
    ],
    afterRead: [hideSessionList],
    afterOperation: [
      addRefreshTokenToLogin,
      releaseSignInSlot,
      queuePasswordReset,
      queueVerificationMail,
    ],
    beforeDelete: [...refuseDeleteWithHistory, removeAccountLeftovers, noteOwnUploads],
    afterDelete: [profilePhotoVisibility.afterDelete, removeOwnUploads],
    afterLogout: [endSignInOnLogout],
    beforeLogin: [refuseErasedSignIn, endGrantsOnPasswordReset],
  },
  admin: {
    useAsTitle: 'email',
    defaultColumns: ['email', 'firstName', 'lastName', 'phone', 'staffRole', 'tribeTier'],
    listSearchableFields: ['email', 'firstName', 'lastName', 'phone', 'tribeHandle'],
    hidden: hiddenUnless('ops_manager', 'cs', 'finance'),
  },
  access: {
    admin: ({ req }) => isStaff(req.user as AuthUser),
    create: () => true,
    read: readUsers,
    update: updateUsers,
    delete: ({ req }) => hasRole(req.user as AuthUser, 'super_admin'),
    unlock: unlockAccounts,
  },
  fields: [
    // Proof for changing one's own password or e-mail (proveOwnCredentialChange), sent beside
    // the change and dropped before anything is stored. Fields only so that REST, GraphQL and
    // the admin's own-account form accept them.
    {
      name: CURRENT_PASSWORD,
      type: 'text',
      virtual: true,
      // Readable, or the admin would not render the box; it never has a value to read.
      access: { create: () => false },
      hooks: { afterRead: [() => undefined] },
      admin: {
        components: { Field: '@/users/admin/CurrentPasswordField#CurrentPasswordField' },
        description:
          'Needed to change your own password or e-mail. A new password signs you out everywhere, here too.',
      },
    },
    {
      name: CURRENT_CODE,
      type: 'text',
      virtual: true,
      access: { create: () => false, read: () => false },
      admin: { hidden: true },
    },
    { name: 'firstName', type: 'text', maxLength: 80 },
    { name: 'lastName', type: 'text', maxLength: 80 },
    {
      name: 'phone',
      type: 'text',
      unique: true,
      index: true,
      access: phoneAccess,
      // A super admin types it in any spelling, as sign-up and OTP take it (the newcomer run).
      hooks: { beforeValidate: [emptyIsNone, phoneInE164] },
      admin: { description: 'E.164, for example +919812345678' },
      validate: (value: unknown) =>
        value == null || value === '' || /^\+[1-9]\d{7,14}$/.test(String(value))
          ? true
          : 'Phone must be in E.164 form, for example +919812345678',
    },
    { name: 'bio', type: 'textarea', maxLength: 2000, access: profileAccess },
    {
      name: 'profilePhoto',
      type: 'upload',
      relationTo: 'media',
      access: profileAccess,
      filterOptions: attachableMedia,
    },
    {
      name: 'tribeHandle',
      type: 'text',
      unique: true,
      index: true,
      maxLength: 30,
      hooks: { beforeValidate: [emptyIsNone] },
      validate: (value: unknown) =>
        value == null || value === '' || /^[a-z0-9_]{3,30}$/.test(String(value))
          ? true
          : 'Tribe handle must be 3–30 lowercase letters, digits or underscores',
    },
    { name: 'dateOfBirth', type: 'date', access: profileAccess, validate: plausibleBirthDate },
    {
      name: 'experienceLevel',
      type: 'select',
      options: ['never', 'beginner', 'intermediate', 'expert'],
      access: profileAccess,
    },
    {
      name: 'tribeTier',
      type: 'select',
      options: [...TRIBE_TIERS],
      defaultValue: 'basecamp',
      access: { ...serverOnlyWrite, read: profileRead },
      admin: { readOnly: true },
    },
    {
      name: 'obsPoints',
      type: 'number',
      defaultValue: 0,
      min: 0,
      access: { ...serverOnlyWrite, read: profileRead },
      admin: { readOnly: true, description: 'Changed only through points transactions' },
    },
    {
      name: 'staffRole',
      type: 'select',
      options: [...STAFF_ROLES],
      index: true,
      access: {
        create: fieldRolesCan(),
        update: fieldRolesCan(),
        // Finance reads names and e-mails only (contract), so not every staff role qualifies.
        read: ({ req, id, doc }) =>
          self(req.user as AuthUser, id ?? doc?.id) ||
          hasRole(req.user as AuthUser, 'super_admin', 'ops_manager', 'cs'),
      },
      admin: { position: 'sidebar', description: 'Empty for trekkers' },
    },
    {
      name: 'phoneVerified',
      type: 'checkbox',
      defaultValue: false,
      access: { ...serverOnlyWrite, read: profileRead },
      admin: { readOnly: true, position: 'sidebar', description: 'Proved by a code sent to it' },
    },
    {
      // When the sign-in phone last changed (src/users/auth/recentPhone.ts); server-only.
      name: 'phoneChangedAt',
      type: 'date',
      hidden: true,
      access: { create: () => false, read: () => false, update: () => false },
    },
    {
      // The sign-in (session family) that made that change; empty for staff and sign-ups.
      name: 'phoneChangedBy',
      type: 'text',
      hidden: true,
      access: { create: () => false, read: () => false, update: () => false },
    },
    {
      // A number a reset or password change took off, kept from opening an account of its own
      // until it is proved again (src/users/auth/recentPhone.ts); server-only.
      name: 'phoneTakenOff',
      type: 'text',
      index: true,
      hidden: true,
      access: { create: () => false, read: () => false, update: () => false },
    },
    {
      name: 'phoneTakenOffAt',
      type: 'date',
      hidden: true,
      access: { create: () => false, read: () => false, update: () => false },
    },
    {
      name: 'pendingEmail',
      type: 'text',
      access: unprovenClaim,
      admin: {
        readOnly: true,
        position: 'sidebar',
        description: 'Requested new e-mail; replaces the e-mail once confirmed from its inbox',
      },
    },
    {
      name: 'pendingPhone',
      type: 'text',
      index: true,
      access: unprovenClaim,
      admin: {
        readOnly: true,
        position: 'sidebar',
        description: 'Phone given at sign-up; becomes the phone once proved by OTP',
      },
    },
    {
      name: 'googleSub',
      type: 'text',
      unique: true,
      index: true,
      access: signInFact,
      admin: { readOnly: true, position: 'sidebar', description: 'Linked Google account' },
    },
    {
      name: 'appleSub',
      type: 'text',
      unique: true,
      index: true,
      access: signInFact,
      admin: { readOnly: true, position: 'sidebar', description: 'Linked Apple account' },
    },
    // Which sign-in linked each provider (its refresh family, or its session when it has
    // none); empty when the provider created the account or linked by verified e-mail. Ending
    // sign-ins ends the links they made (src/users/auth/providerLinks.ts).
    ...providerLinkBookkeeping,
    // Payload's own auth fields, narrowed. Its e-mail gets a length limit (the rest of its
    // config is kept, merged by name).
    // An emptied address (`""`) is none, as for the handle and phone (round 27).
    {
      name: 'email',
      type: 'email',
      validate: validEmailAddress,
      hooks: { beforeValidate: [emptyIsNone] },
    },
    // A verified flag set by a client could make someone else's address look proven and let a
    // provider sign-in link to it.
    {
      name: '_verified',
      type: 'checkbox',
      access: { create: fieldRolesCan(), update: fieldRolesCan(), read: profileRead },
    },
    {
      name: 'username',
      type: 'text',
      access: { ...serverOnlyWrite, read: profileRead },
      admin: { readOnly: true, description: 'Internal id of accounts without e-mail' },
    },
    // Payload's session list (ids and expiry of every signed-in device) is the server's own
    // bookkeeping: its owner has no use for it and a leaked response should not list devices.
    // Payload's JWT check reads it with access overridden, so sign-in keeps working.
    {
      name: 'sessions',
      type: 'array',
      access: { read: () => false, create: () => false, update: () => false },
      admin: { disabled: true },
      fields: [],
    },
    {
      name: 'erasedAt',
      type: 'date',
      index: true,
      access: signInFact,
      admin: {
        readOnly: true,
        position: 'sidebar',
        description: 'Personal data erased on request; kept for accounting only',
      },
    },
    {
      name: 'badges',
      type: 'relationship',
      relationTo: 'badges',
      hasMany: true,
      access: { ...serverOnlyWrite, read: () => true },
      admin: { readOnly: true },
    },
  ],
}
