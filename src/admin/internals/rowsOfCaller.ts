import type { PayloadRequest, Where } from 'payload'

/** Rows of Payload's admin collections whose polymorphic `user` is the caller. */
export const rowsOfCaller = (req: PayloadRequest): Where => ({
  and: [{ 'user.value': { equals: req.user?.id } }, { 'user.relationTo': { equals: 'users' } }],
})
