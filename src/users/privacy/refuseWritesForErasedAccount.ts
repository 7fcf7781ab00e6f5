import { APIError, type CollectionBeforeChangeHook } from 'payload'

import type { AuthUser } from '@/access/roles'
import { relationId } from '@/shared/relationId'
import { queryRows, sql } from '@/shared/sql'

/**
 * An erasure holds the account's row until it commits. A write for that account that was
 * signed in just before (a contact, a post, an SOS, an upload) waits on the row here, then
 * is refused: nothing lands on an erased account after its erasure listed what to remove.
 * The account is the document's owner field when it has one, else the caller. Creates only:
 * what stays of an erased account (a resolved SOS, say) may still be worked on by staff.
 */
export function refuseWritesForErasedAccount(ownerField?: string): CollectionBeforeChangeHook {
  return async ({ data, operation, originalDoc, req }) => {
    if (operation !== 'create') {
      return data
    }
    const owner =
      (ownerField && relationId(data[ownerField] ?? originalDoc?.[ownerField])) ||
      relationId((req.user as AuthUser)?.id)
    if (!owner) {
      return data
    }
    const [row] = await queryRows<{ erased_at: string | null }>(
      req,
      // Exclusive, not shared: two creates for one account that both held a shared lock and
      // then locked the row for update (the contact cap does) would deadlock each other.
      sql`select erased_at from users where id = ${owner} for no key update`,
    )
    if (row?.erased_at) {
      throw new APIError('This account has been erased', 400, null, true)
    }
    return data
  }
}

/** An update of an erased account (an e-mail change filed after the erasure) is refused. */
export const refuseChangesToErasedAccount: CollectionBeforeChangeHook = ({
  data,
  operation,
  originalDoc,
}) => {
  if (operation === 'update' && originalDoc?.erasedAt) {
    throw new APIError('This account has been erased', 400, null, true)
  }
  return data
}
