import { NotFound, type Access, type FilterOptions, type PayloadRequest, type Where } from 'payload'

import { hasRole, isStaff, type AuthUser } from '@/access/roles'

import { IMAGE_SIZE_NAMES } from './imageSizes'

/** The roles that curate the catalog's pictures. */
const CURATORS = ['super_admin', 'ops_manager', 'content'] as const

/** Changing or removing a stored file is for the people who curate the catalog. */
export const canEditMedia: Access = ({ req }) => hasRole(req.user as AuthUser, ...CURATORS)

/**
 * Which uploads a curator may change: the catalog's (uploaded by a curator, or by the seed),
 * not a member's. Replacing a member's file or alt put a picture the member never uploaded into
 * their published post, under their name (review round 35); moderation hides the post or
 * deletes the upload instead. Guides, cs and finance post as members do, so their uploads are
 * theirs too: "any staff role" let content replace a guide's post picture (review round 37).
 */
const CATALOG_UPLOADS: Where = {
  or: [{ uploadedBy: { exists: false } }, { 'uploadedBy.staffRole': { in: [...CURATORS] } }],
}

export const canChangeMedia: Access = ({ req }) =>
  hasRole(req.user as AuthUser, ...CURATORS) ? CATALOG_UPLOADS : false

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

/** Pictures only: a GPX track is an upload too, but no photo (review round 37). */
export const PICTURES_ONLY: Where = { mimeType: { like: 'image/' } }

/**
 * What a member may put in a post, a profile or a guide photo: pictures they can read. Payload
 * checks submitted ids against filter options with the caller's read access, so this leaves
 * readMedia's rule: nobody publishes another member's private photo by guessing its id. (A
 * filter on `uploadedBy` would be refused: members may not query that field.)
 */
export const attachableMedia: FilterOptions = () => PICTURES_ONLY
