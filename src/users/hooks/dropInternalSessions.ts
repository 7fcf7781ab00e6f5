import type { CollectionBeforeOperationHook } from 'payload'

/**
 * `sessions` is Payload's own list of live sign-ins; Payload guards it on update but not on
 * create, so a sign-up could plant a session id of its choosing. Only Payload's login code
 * writes it, so it is dropped from whatever any API caller sends.
 */
export const dropInternalSessions: CollectionBeforeOperationHook = ({ args, operation }) => {
  const data = (args as { data?: Record<string, unknown> }).data
  if ((operation === 'create' || operation === 'update') && data && !args.overrideAccess) {
    delete data.sessions
  }
  return args
}
