import type { CollectionSlug, PayloadRequest, Where } from 'payload'

import { relationId } from '@/shared/relationId'

/** What a lock body points at: `{ relationTo, value }` for a document, or a global's slug. */
function lockedTarget(data: unknown) {
  const body = (data ?? {}) as { document?: unknown; globalSlug?: unknown }
  const document = body.document as { relationTo?: unknown; value?: unknown } | null | undefined
  if (document && typeof document === 'object') {
    return { collection: String(document.relationTo), id: relationId(document.value) }
  }
  return typeof body.globalSlug === 'string' ? { global: body.globalSlug } : null
}

/**
 * A lock turns everyone else's saves of its document into 423 for a while, so it is only for
 * someone who could save the document themself: the update access of the locked collection
 * (or global) decides, for that very document when the rule is a query.
 */
export async function mayEditLockedDocument(req: PayloadRequest, data: unknown): Promise<boolean> {
  const target = lockedTarget(data)
  if (!target) {
    return false
  }
  if ('global' in target) {
    const global = req.payload.config.globals.find((candidate) => candidate.slug === target.global)
    const update = global?.access?.update
    return Boolean(global && update && (await update({ req })) === true)
  }
  const collection = req.payload.collections[target.collection as CollectionSlug] as
    (typeof req.payload.collections)[CollectionSlug] | undefined
  const update = collection?.config.access.update
  if (!collection || !update || target.id === null) {
    return false
  }
  const rule = await update({ req, id: target.id })
  if (typeof rule === 'boolean') {
    return rule
  }
  const { totalDocs } = await req.payload.count({
    collection: target.collection as CollectionSlug,
    where: { and: [{ id: { equals: target.id } }, rule as Where] },
    overrideAccess: true,
    req,
  })
  return totalDocs === 1
}
