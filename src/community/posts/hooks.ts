import {
  APIError,
  ValidationError,
  type CollectionAfterChangeHook,
  type CollectionBeforeChangeHook,
  type PayloadRequest,
} from 'payload'

import { hasRole, type AuthUser } from '@/access/roles'
import { partyWhere } from '@/bookings/party'
import type { Batch, Post } from '@/payload-types'
import { relationId } from '@/shared/relationId'

import { queueBadgeEvaluation } from '../badges/queueBadgeEvaluation'
import { visibleText } from '@/shared/blank'

/** The author is whoever is signed in; a client can never post as someone else. */
export const fillAuthor: CollectionBeforeChangeHook<Post> = ({ data, operation, req }) => {
  if (operation === 'create' && req.user) {
    data.author = req.user.id as number
  }
  return data
}

/** Hiding needs a reason the author will see; restoring clears it. */
export const applyModeration: CollectionBeforeChangeHook<Post> = ({ data, originalDoc, req }) => {
  const previous = originalDoc?.status ?? 'published'
  const next = data.status ?? previous
  if (next === 'hidden' && previous !== 'hidden') {
    const reason = visibleText(data.hiddenReason ?? originalDoc?.hiddenReason)
    if (!reason) {
      throw new ValidationError({
        collection: 'posts',
        errors: [{ path: 'hiddenReason', message: 'Give a reason when hiding a post' }],
      })
    }
    data.hiddenReason = reason
    data.hiddenAt = new Date().toISOString()
    data.hiddenBy = (req.user?.id as number | undefined) ?? null
  }
  if (next === 'published' && previous === 'hidden') {
    data.hiddenReason = null
    data.hiddenAt = null
    data.hiddenBy = null
  }
  // The reason the author reads is the record of who hid the post and why: another moderator's
  // new reason becomes theirs, dated now; a post not hidden has no reason to read (review round
  // 37: cs's reason stood under content's name, and a published post carried "Watch this one").
  const newReason = visibleText(data.hiddenReason) || null
  if (next === 'hidden' && previous === 'hidden' && newReason) {
    if (newReason !== originalDoc?.hiddenReason) {
      data.hiddenReason = newReason
      data.hiddenAt = new Date().toISOString()
      data.hiddenBy = (req.user?.id as number | undefined) ?? null
    }
  }
  if (next === 'published') {
    data.hiddenReason = null
  }
  return data
}

/**
 * A journal entry belongs to a trip: it names a trek or a batch (the batch's trek is filled
 * in). A trekker may link only a batch they were booked on, a guide only one they lead.
 */
export const linkJournalToTrip: CollectionBeforeChangeHook<Post> = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const batchId = relationId(data.batch !== undefined ? data.batch : originalDoc?.batch)
  const kind = data.kind ?? originalDoc?.kind
  // A journal is a trip report: it names the batch, which proves the author was on it.
  if (kind === 'journal' && !batchId) {
    throw new APIError('A journal entry belongs to a trip: name the batch you were on', 400)
  }
  // Only an edit keeps a batch already proven; a create (a duplicate too, which carries the
  // original as originalDoc) proves it for its own author.
  if (!batchId || (operation === 'update' && batchId === relationId(originalDoc?.batch))) {
    // A post naming a batch is filed under that batch's trek, whatever an edit sends: an edit
    // of the trek alone (review round 33), or of the kind to `feed`, then the trek, then back
    // to `journal` (round 34), filed a trip report under a trek its author never walked.
    if (batchId && ('trek' in data || 'kind' in data)) {
      data.trek = await batchTrek(req, batchId)
    }
    return data
  }

  const batch = (await req.payload.findByID({
    collection: 'batches',
    id: batchId,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  })) as Batch | null
  if (!batch) {
    throw new APIError('That batch does not exist', 400)
  }
  data.trek = relationId(batch.trek) as number
  const user = req.user as AuthUser
  if (!user || hasRole(user, 'super_admin')) {
    return data
  }
  if (hasRole(user, 'guide')) {
    const guide = batch.guide
      ? await req.payload.findByID({
          collection: 'guides',
          id: relationId(batch.guide)!,
          depth: 0,
          overrideAccess: true,
          disableErrors: true,
          req,
        })
      : null
    if (String(relationId(guide?.user)) !== String(user.id)) {
      throw new APIError('Guides can post journals only for batches they lead', 403)
    }
    return data
  }
  const booked = await req.payload.count({
    collection: 'bookings',
    where: {
      user: { equals: user.id },
      batch: { equals: batchId },
      // The departure's party: a deposit holder, or one sent down or called off on the way,
      // was on it too and may write about it (review rounds 26 and 27).
      ...partyWhere(batch.startDate),
    },
    overrideAccess: true,
    req,
  })
  if (booked.totalDocs === 0) {
    // A departure of a trek not on sale is one a trekker cannot read: told apart from an id
    // with no batch, it would show which unpublished treks are being prepared (review round 31).
    const trek = await req.payload.findByID({
      collection: 'treks',
      id: relationId(batch.trek)!,
      depth: 0,
      overrideAccess: true,
      disableErrors: true,
      select: { status: true },
      req,
    })
    if (trek?.status !== 'active') {
      throw new APIError('That batch does not exist', 400)
    }
    throw new APIError('You can post journals only for batches you are booked on', 403)
  }
  return data
}

/** A first published post may earn a badge; the evaluation runs as a job. */
export const evaluateAuthorBadges: CollectionAfterChangeHook<Post> = async ({
  doc,
  operation,
  previousDoc,
  req,
}) => {
  // A restore too: a first post hidden before its check ran, then restored, never earned the
  // first-post badge (review round 37).
  const published =
    doc.status === 'published' && (operation === 'create' || previousDoc?.status !== 'published')
  if (published) {
    await queueBadgeEvaluation(relationId(doc.author)!, req)
  }
  return doc
}

async function batchTrek(req: PayloadRequest, batchId: number | string): Promise<number> {
  const batch = await req.payload.db.findOne<Batch>({
    collection: 'batches',
    where: { id: { equals: batchId } },
    req,
  })
  return relationId(batch?.trek) as number
}
