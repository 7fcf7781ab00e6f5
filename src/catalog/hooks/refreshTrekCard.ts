import type { CollectionAfterChangeHook, CollectionAfterDeleteHook } from 'payload'

import { refreshTrekCard } from '../trekCard'

const trekIdOf = (value: unknown) =>
  value && typeof value === 'object'
    ? (value as { id: number | string }).id
    : (value as number | string | null)

export const refreshTrekCardAfterBatchChange: CollectionAfterChangeHook = async ({
  doc,
  previousDoc,
  req,
}) => {
  const current = trekIdOf(doc.trek)
  const previous = trekIdOf(previousDoc?.trek)
  if (current) {
    await refreshTrekCard(current, req)
  }
  // A batch moved to another trek leaves its old trek's card stale otherwise.
  if (previous && previous !== current) {
    await refreshTrekCard(previous, req)
  }
  return doc
}

export const refreshTrekCardAfterBatchDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
  const trek = trekIdOf(doc.trek)
  if (trek) {
    await refreshTrekCard(trek, req)
  }
  return doc
}
