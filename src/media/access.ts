import { NotFound, type Access, type FilterOptions, type PayloadRequest, type Where } from 'payload'

import { hasRole, isStaff, type AuthUser } from '@/access/roles'

import { IMAGE_SIZE_NAMES } from './imageSizes'

/** Changing or removing a stored file is for the people who curate the catalog. */
export const canEditMedia: Access = ({ req }) =>
  hasRole(req.user as AuthUser, 'super_admin', 'ops_manager', 'content')

/**
 * Which uploads a curator may change: the catalog's (uploaded by staff, or by the seed), not a
 * member's. Replacing a member's file or alt put a picture the member never uploaded into their
 * published post, under their name (review round 35); moderation hides the post or deletes
 * the upload instead.
 */
const CATALOG_UPLOADS: Where = {
  or: [{ uploadedBy: { exists: false } }, { 'uploadedBy.staffRole': { exists: true } }],
}

export const canChangeMedia: Access = ({ req }) =>
  hasRole(req.user as AuthUser, 'super_admin', 'ops_manager', 'content') ? CATALOG_UPLOADS : false

/** Staff who curate or moderate (every role but guide) see every upload. */
export const seesAllMedia = (user: AuthUser) => isStaff(user) && !hasRole(user, 'guide')

/** Catalog and publicly shown uploads for everyone; a member's private ones for themself. */
function visibleTo(user: AuthUser): Where {
  const shown: Where = { visibility: { not_equals: 'private' } }
  return user ? { or: [shown, { uploadedBy: { equals: user.id } }] } : shown
}

/**
 * A stored file by name: 404 unless a document the caller may read holds that name, so a
 * private photo and a name that never existed answer alike (neither is confirmed to exist).
 */
async function fileReadable(req: PayloadRequest, filename: string, where: Where | true) {
  const names: Where[] = [
    { filename: { equals: filename } },
    ...IMAGE_SIZE_NAMES.map((size) => ({ [`sizes.${size}.filename`]: { equals: filename } })),
  ]
  const found = await req.payload.count({
    collection: 'media',
    where: where === true ? { or: names } : { and: [{ or: names }, where] },
    overrideAccess: true,
    req,
  })
  if (found.totalDocs === 0) {
    throw new NotFound(req.t)
  }
  return true
}

/**
 * Uploads carry their own visibility (see visibility.ts): members' profile photos and
 * unused or withheld pictures are private to their uploader and staff.
 */
export const readMedia: Access = ({ req, data, isReadingStaticFile }) => {
  const user = req.user as AuthUser
  const where = seesAllMedia(user) ? true : visibleTo(user)
  if (isReadingStaticFile) {
    return fileReadable(req, String((data as { filename?: unknown })?.filename ?? ''), where)
  }
  return where
}

/**
 * What a member may put in a post, a profile or a guide photo: uploads they can read. Payload
 * checks submitted ids against filter options with the caller's read access, so with no
 * filter of its own this leaves exactly readMedia's rule: nobody publishes another member's
 * private photo by guessing its id. (A filter on `uploadedBy` would be refused: members may
 * not query that field.)
 */
export const attachableMedia: FilterOptions = () => true
