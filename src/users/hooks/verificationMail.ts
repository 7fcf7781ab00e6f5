import type { CollectionAfterOperationHook, CollectionBeforeOperationHook } from 'payload'

import { queueAccountVerification } from '@/notifications'

const WANTED = 'accountVerificationMailWanted'

/**
 * Payload sends a new account's verification mail inside the create and awaits it: a relay that
 * is down or refuses the address failed the sign-up (a 500, then a 503; review round 27). Its
 * mail is switched off here and sent as a retried job instead (queueVerificationMail), unless
 * the caller switched it off itself (seeds, OTP and provider sign-ups, tests).
 */
export const sendVerificationMailAsJob: CollectionBeforeOperationHook = ({
  args,
  operation,
  req,
}) => {
  if (operation !== 'create') {
    return args
  }
  if (!(args as { disableVerificationEmail?: boolean }).disableVerificationEmail) {
    req.context[WANTED] = true
  }
  return { ...args, disableVerificationEmail: true }
}

/** The account is made (in the request's transaction): its verification mail is queued with it. */
export const queueVerificationMail: CollectionAfterOperationHook = async ({
  operation,
  req,
  result,
}) => {
  if (operation !== 'create' || !req.context[WANTED]) {
    return result
  }
  delete req.context[WANTED]
  const id = (result as { id?: number | string } | undefined)?.id
  if (id === undefined) {
    return result
  }
  // The token is a hidden field: read from the row, as Payload would have used it.
  const row = await req.payload.db.findOne<{
    id: number
    email?: string | null
    firstName?: string | null
    _verified?: boolean | null
    _verificationToken?: string | null
  }>({ collection: 'users', where: { id: { equals: id } }, req })
  if (!row?.email || row._verified || !row._verificationToken) {
    return result
  }
  const { config } = req.payload
  await queueAccountVerification(req, row.id, {
    to: row.email,
    name: row.firstName ?? '',
    link: `${config.serverURL}${config.routes.admin}/users/verify/${row._verificationToken}`,
  })
  return result
}
