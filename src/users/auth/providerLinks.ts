import { APIError, type Field, type PayloadRequest } from 'payload'

import { findAccount } from './accounts'
import { PROVIDER_FIELD, PROVIDER_NAME, type ProviderIdentity } from './identity'
import { familyOfSession } from './sessions'

/**
 * A provider linked from a signed-in session (POST /api/users/{google,apple}/link) is a way in
 * that a stolen session could have added. Ending sign-ins because a credential changed (a
 * password change or reset, a staff sign-out) therefore also ends the links made by the
 * sign-ins it ends. The link made by the sign-in that changed the password stays, and so do
 * links made when the provider created the account or linked it by a verified e-mail: those
 * need no session. A dropped provider account is remembered, so that its next sign-in is
 * told to sign in another way and link again, instead of opening a second, empty account.
 */
const PROVIDERS = ['google', 'apple'] as const

const LINKED_BY = { google: 'googleLinkedBy', apple: 'appleLinkedBy' } as const
const DROPPED = { google: 'googleSubDropped', apple: 'appleSubDropped' } as const

// Server bookkeeping: `hidden` only keeps it out of answers, so writes are shut off too (a
// stolen session clearing `googleLinkedBy` would make its link look like the owner's).
const serverOnly = { create: () => false, read: () => false, update: () => false }

export const providerLinkBookkeeping: Field[] = PROVIDERS.flatMap((provider) => [
  { name: LINKED_BY[provider], type: 'text', hidden: true, access: serverOnly } as Field,
  {
    name: DROPPED[provider],
    type: 'text',
    index: true,
    hidden: true,
    access: serverOnly,
  } as Field,
])

/** The sign-in a session belongs to: its refresh family survives token rotation, its id doesn't. */
async function signInOf(req: PayloadRequest, sid: string) {
  return (await familyOfSession(req.payload, sid, req)) ?? `session:${sid}`
}

/** The caller's own sign-in into this account, if the caller is signed in to it. */
export async function ownSignIn(req: PayloadRequest, userId: number | string) {
  const me = req.user as { id?: number | string; _sid?: string } | null
  if (!me?._sid || String(me.id) !== String(userId)) {
    return undefined
  }
  return signInOf(req, me._sid)
}

/** What a provider link stores: who linked it, and that it is no longer a dropped link. */
export async function linkData(
  req: PayloadRequest,
  identity: ProviderIdentity,
  linkedBy: 'session' | 'no session',
  userId: number | string,
) {
  const provider = identity.provider
  return {
    [PROVIDER_FIELD[provider]]: identity.sub,
    [LINKED_BY[provider]]: linkedBy === 'session' ? ((await ownSignIn(req, userId)) ?? null) : null,
    [DROPPED[provider]]: null,
  }
}

// What deciding which links to drop reads of the account: each provider's id and who linked it.
const LINK_COLUMNS = Object.fromEntries(
  PROVIDERS.flatMap((provider) => [
    [PROVIDER_FIELD[provider], true as const],
    [LINKED_BY[provider], true as const],
  ]),
)

/**
 * Unlinks providers that sign-ins other than `keep` linked. Call inside the transaction that
 * ends the sign-ins, after the account's row lock (every revocation takes it first).
 * `alongside` is anything else the ending clears on the account, written in the same update.
 */
export function dropLinksOfEndedSignIns(
  req: PayloadRequest,
  userId: number | string,
  keep: string | undefined,
  alongside: Record<string, unknown> = {},
) {
  const dropped = (linkedBy: unknown) => Boolean(linkedBy) && linkedBy !== keep
  return dropLinks(req, userId, dropped, 'Provider links made by ended sign-ins removed', alongside)
}

/**
 * Unlinks every provider, those linked by a verified e-mail included: undoing an e-mail
 * change nobody asked for (emailUndo.ts), where a link "by verified e-mail" may have been made
 * with the thief's own address while it was the account's. Same call rules as above.
 */
export function dropEveryProviderLink(req: PayloadRequest, userId: number | string) {
  return dropLinks(req, userId, () => true, 'Every provider link removed')
}

async function dropLinks(
  req: PayloadRequest,
  userId: number | string,
  drops: (linkedBy: unknown) => boolean,
  logMsg: string,
  alongside: Record<string, unknown> = {},
) {
  const account = (await req.payload.db.findOne({
    collection: 'users',
    where: { id: { equals: userId } },
    select: LINK_COLUMNS,
    req,
  })) as Record<string, unknown> | null
  if (!account) {
    return
  }
  const unlinked: Record<string, unknown> = {}
  for (const provider of PROVIDERS) {
    const sub = account[PROVIDER_FIELD[provider]]
    if (sub && drops(account[LINKED_BY[provider]])) {
      Object.assign(unlinked, {
        [PROVIDER_FIELD[provider]]: null,
        [LINKED_BY[provider]]: null,
        [DROPPED[provider]]: sub,
      })
    }
  }
  const data = { ...alongside, ...unlinked }
  if (Object.keys(data).length === 0) {
    return
  }
  await req.payload.db.updateOne({
    collection: 'users',
    id: userId,
    data: { ...data, updatedAt: null },
    req,
    returning: false,
  })
  if (Object.keys(unlinked).length > 0) {
    req.payload.logger.info({ msg: logMsg, userId })
  }
}

/**
 * A provider account whose link was dropped must not quietly open a new account: its owner
 * (or whoever linked it from a stolen session) is told how to link it again.
 */
export async function refuseDroppedLink(req: PayloadRequest, identity: ProviderIdentity) {
  const holder = await findAccount(req, { [DROPPED[identity.provider]]: { equals: identity.sub } })
  if (!holder) {
    return
  }
  const name = PROVIDER_NAME[identity.provider]
  throw new APIError(
    `This ${name} account was unlinked from an OBS account when all its sign-ins were ended ` +
      `(a password change or reset, or a sign-out by support). Sign in with your password or ` +
      `phone, then link ${name} again (POST /api/users/${identity.provider}/link).`,
    409,
    null,
    true,
  )
}
