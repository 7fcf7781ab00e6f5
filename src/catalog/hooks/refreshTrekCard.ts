import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionAfterOperationHook,
  CollectionBeforeOperationHook,
  PayloadRequest,
} from 'payload'

import { refreshTrekCard } from '../trekCard'

const DEFERRED = 'trekCardsToRefresh'

const trekIdOf = (value: unknown) =>
  value && typeof value === 'object'
    ? (value as { id: number | string }).id
    : (value as number | string | null)

/**
 * Seat changes lock a batch and then its trek (for the card). A bulk edit or delete of
 * batches takes its batch rows one by one; refreshing a trek's card between two of them
 * would hold the trek while waiting for the next batch, the reverse order, and deadlock with
 * a booking. So a bulk operation refreshes each trek's card once, after all its rows.
 */
export const deferTrekCardsInBulk: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  const bulk =
    (operation === 'update' || operation === 'delete') &&
    (args as { id?: number | string }).id === undefined
  if (bulk) {
    req.context[DEFERRED] = new Set<number | string>()
  }
  return args
}

export const refreshDeferredTrekCards: CollectionAfterOperationHook = async ({ req, result }) => {
  const treks = req.context[DEFERRED] as Set<number | string> | undefined
  if (treks) {
    delete req.context[DEFERRED]
    for (const trek of [...treks].sort((a, b) => Number(a) - Number(b))) {
      await refreshTrekCard(trek, req)
    }
  }
  return result
}

async function refreshOrDefer(req: PayloadRequest, trek: number | string) {
  const deferred = req.context[DEFERRED] as Set<number | string> | undefined
  if (deferred) {
    deferred.add(trek)
  } else {
    await refreshTrekCard(trek, req)
  }
}

export const refreshTrekCardAfterBatchChange: CollectionAfterChangeHook = async ({
  doc,
  previousDoc,
  req,
}) => {
  const current = trekIdOf(doc.trek)
  const previous = trekIdOf(previousDoc?.trek)
  if (current) {
    await refreshOrDefer(req, current)
  }
  // A batch moved to another trek leaves its old trek's card stale otherwise.
  if (previous && previous !== current) {
    await refreshOrDefer(req, previous)
  }
  return doc
}

export const refreshTrekCardAfterBatchDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
  const trek = trekIdOf(doc.trek)
  if (trek) {
    await refreshOrDefer(req, trek)
  }
  return doc
}
