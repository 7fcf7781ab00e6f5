import type { CollectionBeforeOperationHook } from 'payload'

import { lockRow } from '@/shared/sql'

/**
 * Two staff saving the same incident at once would each append to the log they read and
 * one entry would be lost. Locking the row first (the update runs in a transaction that is
 * already open here) makes the second save read the first one's log.
 */
export const lockIncidentForUpdate: CollectionBeforeOperationHook = async ({
  args,
  operation,
  req,
}) => {
  const id = (args as { id?: number | string }).id
  if (operation === 'update' && id !== undefined && req.transactionID) {
    await lockRow(req, 'incidents', id)
  }
  return args
}
