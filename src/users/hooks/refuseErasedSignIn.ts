import { APIError, type CollectionBeforeLoginHook } from 'payload'

/** An erased account keeps its row for accounting; nobody signs in to it again. */
export const refuseErasedSignIn: CollectionBeforeLoginHook = ({ user }) => {
  if ((user as { erasedAt?: unknown }).erasedAt) {
    throw new APIError('The email or password provided is incorrect.', 401, null, true)
  }
  return user
}
