import { APIError, type CollectionBeforeChangeHook, type PayloadRequest } from 'payload'

import { queryRows, sql } from '@/shared/sql'

/**
 * A request is signed in when it starts; a staff sign-out or a password change can end that
 * sign-in while the request waits for the account's row lock. What the request then writes to
 * its own account (a new e-mail waiting for its link, a phone, a password, a provider link)
 * would outlive the sign-out meant to end it. Runs after the stale-write check, which holds the
 * row lock: every sign-out takes that lock first, so the answer here cannot change before the
 * write commits.
 */
export const refuseWritesFromEndedSignIn: CollectionBeforeChangeHook = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const me = req.user as { id?: number | string; collection?: string; _sid?: string } | null
  if (
    operation !== 'update' ||
    !originalDoc?.id ||
    !me?._sid ||
    me.collection !== 'users' ||
    String(me.id) !== String(originalDoc.id)
  ) {
    return data
  }
  await refuseEndedSignIn(req, originalDoc.id, me._sid)
  return data
}

/** 401 unless the sign-in `sid` still exists on the account. Call under the account's row lock. */
export async function refuseEndedSignIn(
  req: PayloadRequest,
  userId: number | string,
  sid: string | undefined,
) {
  const live = sid
    ? await queryRows(
        req,
        sql`select 1 from users_sessions where _parent_id = ${userId} and id = ${sid}`,
      )
    : []
  if (live.length === 0) {
    throw new APIError('Your sign-in has ended. Sign in again.', 401, null, true)
  }
}
