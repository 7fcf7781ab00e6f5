import {
  ValidationError,
  type CollectionBeforeChangeHook,
  type CollectionSlug,
  type PayloadRequest,
} from 'payload'

import { relationId } from '@/shared/relationId'

type Row = Record<string, unknown>

const LOOKUP_SLICE = 500

/** The uploads a single or has-many upload field points at. */
const idsInField = (value: unknown): number[] =>
  (Array.isArray(value) ? value : [value]).map(relationId).filter((id): id is number => id !== null)

const isPlainObject = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The uploads of the `upload` nodes in a Lexical document (a post's body). */
export function uploadsInRichText(value: unknown): number[] {
  if (!isPlainObject(value) || !isPlainObject(value.root)) {
    return []
  }
  const ids: number[] = []
  // The shape (depth, node count) was bounded by the input guard before any hook runs.
  const stack: Row[] = [value.root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.type === 'upload') {
      const id = relationId(node.value)
      if (id !== null) {
        ids.push(id)
      }
    }
    if (Array.isArray(node.children)) {
      stack.push(...node.children.filter(isPlainObject))
    }
  }
  return ids
}

/**
 * Whether every one of `ids` is a catalog picture or an upload by `ownerId` (and exists). One
 * the owner keeps private counts only when the owner chooses it (`chosenByOwner`): staff may
 * pick a member's upload the member already shows (public), never one they kept to themselves
 * (review round 41: cs set a member's private document scan as their photo, and it went public
 * beside their posts).
 */
async function allTheirs(
  req: PayloadRequest,
  ids: number[],
  ownerId: number | null,
  chosenByOwner: boolean,
): Promise<boolean> {
  const wanted = [...new Set(ids)]
  // In slices: a body may name thousands of ids before the field's own row limit refuses them,
  // and PostgreSQL binds at most 65,535 parameters in one statement.
  for (let start = 0; start < wanted.length; start += LOOKUP_SLICE) {
    const slice = wanted.slice(start, start + LOOKUP_SLICE)
    const { docs } = await req.payload.db.find<{
      id: number
      visibility?: string
      uploadedBy?: unknown
    }>({
      collection: 'media',
      where: { id: { in: slice } },
      limit: slice.length,
      pagination: false,
      req,
    })
    const theirs = docs.filter(
      (media) =>
        media.visibility === 'catalog' ||
        (ownerId !== null &&
          relationId(media.uploadedBy) === ownerId &&
          (chosenByOwner || media.visibility === 'public')),
    )
    if (theirs.length < slice.length) {
      return false
    }
  }
  return true
}

/**
 * What a document shows is its owner's to show: a profile or guide photo, or a post's pictures,
 * must be catalog pictures or uploads by the person the document belongs to (whose face it is,
 * who wrote the post). Otherwise anyone who may edit the document (the member, cs) could put
 * someone else's upload there, publishing a private one or keeping one public after its owner
 * withdrew it (hid or deleted their own post, replaced their photo). Uploads the document
 * already showed are kept as they are, so a moderator's hide or an edit of other fields never
 * fails on them. Applies to server code too: it is a rule of the data, not of a role.
 */
export function uploadsMustBeTheirs(options: {
  collection: CollectionSlug
  field: string
  /** Whose the document is: the user row itself, the guide's account, the post's author. */
  ownerOf: (doc: Row) => number | null
  message: string
  /** The uploads the field's value shows; by default, those of an upload field. */
  uploadsIn?: (value: unknown) => number[]
}): CollectionBeforeChangeHook {
  const uploadsIn = options.uploadsIn ?? idsInField
  return async ({ data, operation, originalDoc, req }) => {
    if (data[options.field] === undefined) {
      return data
    }
    // Only an edit keeps what was already checked: a create (a duplicate too, which carries
    // the original as originalDoc) shows the uploads on a new document, for a possibly new
    // owner.
    const kept = operation === 'update' ? (originalDoc as Row | undefined) : undefined
    const before = new Set(kept ? uploadsIn(kept[options.field]) : [])
    const added = uploadsIn(data[options.field]).filter((id) => !before.has(id))
    const ownerId = options.ownerOf({ ...(kept ?? {}), ...data })
    // Server code (no signed-in caller) acts for the owner.
    const callerId = relationId(req.user?.id)
    const chosenByOwner = callerId === null || callerId === ownerId
    if (!(await allTheirs(req, added, ownerId, chosenByOwner))) {
      throw new ValidationError({
        collection: options.collection,
        errors: [{ path: options.field, message: options.message }],
      })
    }
    return data
  }
}

/**
 * A catalog document (a trek's pictures and route, a badge's icon) shows catalog uploads only:
 * a member's upload put there would turn public, published by staff without its owner (review
 * round 29). Uploads the document already showed are kept.
 */
export const catalogUploadsOnly = (collection: CollectionSlug, field: string) =>
  uploadsMustBeTheirs({
    collection,
    field,
    ownerOf: () => null,
    message: 'Choose a catalog upload (one made by content or ops), not a member’s',
  })
