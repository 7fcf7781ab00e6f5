import type { CollectionBeforeOperationHook } from 'payload'

import { CURRENT_CODE, CURRENT_PASSWORD, proveCredentialChange } from '../auth/holderProof'
import { loadAuthUser } from '../auth/sessions'

const sameAddress = (next: unknown, current: unknown) =>
  String(next ?? '')
    .trim()
    .toLowerCase() ===
  String(current ?? '')
    .trim()
    .toLowerCase()

/**
 * A stolen access token alone must not be able to take an account over: a new password, or a
 * new e-mail address (where resets are sent), set on one's own account needs the current
 * password or a code sent to the account's proven phone, as `currentPassword` or
 * `currentCode`. A super admin setting someone else's password is not asked (the holder is
 * mailed). The proof is taken out of the body here, so it is never stored or echoed.
 */
export const proveOwnCredentialChange: CollectionBeforeOperationHook = async ({
  args,
  operation,
  req,
}) => {
  const data = (args as { data?: Record<string, unknown> }).data
  if (operation !== 'update' || !data || typeof data !== 'object') {
    return args
  }
  const proof = { [CURRENT_PASSWORD]: data[CURRENT_PASSWORD], [CURRENT_CODE]: data[CURRENT_CODE] }
  delete data[CURRENT_PASSWORD]
  delete data[CURRENT_CODE]

  const caller = req.user as { id: number | string; email?: string | null } | null
  if (!caller || args.overrideAccess) {
    return args
  }
  // A bulk edit may match the caller's own row among others.
  const id = (args as { id?: number | string }).id
  if (id !== undefined && String(id) !== String(caller.id)) {
    return args
  }
  const changing = [
    typeof data.password === 'string' && data.password !== '' ? 'password' : null,
    typeof data.email === 'string' && !sameAddress(data.email, caller.email) ? 'e-mail' : null,
  ].filter(Boolean)
  if (changing.length === 0) {
    return args
  }
  const account = await loadAuthUser(req.payload, caller.id, req)
  if (account) {
    await proveCredentialChange(req, account, proof, `the new ${changing.join(' and ')}`)
  }
  return args
}
