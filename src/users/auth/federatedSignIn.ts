import { APIError, type PayloadRequest, type Where } from 'payload'

import { lockAccount, lockProviderAccount } from './accountLock'
import { endWhatTheInboxNeverProved } from './addressLinkTakeover'
import { createTrekker, findAccount } from './accounts'
import { heldForUndo } from './emailUndoLink'
import { PROVIDER_FIELD, PROVIDER_NAME, type ProviderIdentity } from './identity'
import { noticeProviderLink } from './providerLinkNotice'
import { linkData, refuseDroppedLink } from './providerLinks'
import { startSession, type Session } from './sessions'
import { inTransaction } from './transaction'

/**
 * Linking by e-mail hands an existing account to whoever controls the provider account, so it
 * needs both sides proven: the provider verified the address, and so did we. An account's
 * `email` is always one we verified (sign-up verification, or a change confirmed from the new
 * inbox; a new address waits in `pendingEmail` until then), and `_verified` says the sign-up
 * check is done. Anything less could let someone pre-register a victim's address.
 */
function mayLinkByEmail(account: Record<string, unknown>, identity: ProviderIdentity) {
  return (
    !identity.privateRelay &&
    account._verified === true &&
    !account[PROVIDER_FIELD[identity.provider]]
  )
}

async function setProviderId(
  req: PayloadRequest,
  userId: number | string,
  identity: ProviderIdentity,
  linkedBy: 'session' | 'no session',
) {
  return req.payload.update({
    collection: 'users',
    id: userId,
    data: await linkData(req, identity, linkedBy, userId),
    overrideAccess: true,
    req,
  })
}

/**
 * The account linked to this provider account, held under its row lock: a staff sign-out or
 * password change that unlinks it meanwhile either finishes first (and the link is gone) or
 * waits until this sign-in's session is written (and ends it).
 */
async function lockedLinkedAccount(req: PayloadRequest, identity: ProviderIdentity) {
  return lockedAccount(req, { [PROVIDER_FIELD[identity.provider]]: { equals: identity.sub } })
}

/**
 * The account matching `where`, read again under its row lock (and null if it no longer
 * matches): what a link decides on cannot change before it is written.
 */
async function lockedAccount(req: PayloadRequest, where: Where) {
  const found = await findAccount(req, where)
  if (!found) {
    return null
  }
  await lockAccount(req, found.id)
  return findAccount(req, { and: [{ id: { equals: found.id } }, where] })
}

function linkLater(identity: ProviderIdentity) {
  const name = PROVIDER_NAME[identity.provider]
  return new APIError(
    `An OBS account already uses this e-mail. Sign in to it with your password or phone, then ` +
      `link ${name} from your profile (POST /api/users/${identity.provider}/link).`,
    409,
    null,
    true,
  )
}

/**
 * The address left an account by an e-mail change that its owner may still undo (the link
 * went to this inbox): a new account holding it would turn that undo into a 409 for good.
 */
function waitingForUndo(identity: ProviderIdentity) {
  const name = PROVIDER_NAME[identity.provider]
  return new APIError(
    `This e-mail address was just moved off an OBS account, and the link mailed to it can put ` +
      `it back. Use that link first (POST /api/users/email/undo), then sign in and link ${name} ` +
      `from your profile.`,
    409,
    null,
    true,
  )
}

/** Signs in with a verified provider identity: linked account, linkable account, or a new one. */
export function signInWithProvider(
  req: PayloadRequest,
  identity: ProviderIdentity,
): Promise<Session> {
  const field = PROVIDER_FIELD[identity.provider]
  return inTransaction(req, async () => {
    await lockProviderAccount(req, identity)
    const linked = await lockedLinkedAccount(req, identity)
    if (linked) {
      return startSession(req, linked.id, { isNewUser: false })
    }

    // An address the provider has not verified is neither linked nor stored.
    const email = identity.emailVerified ? identity.email : undefined
    if (email) {
      const holder = await lockedAccount(req, { email: { equals: email } })
      if (holder && !mayLinkByEmail(holder, identity)) {
        throw linkLater(identity)
      }
      if (holder) {
        await setProviderId(req, holder.id, identity, 'no session')
        // The password and sign-ins may be whoever opened the account with this address.
        await endWhatTheInboxNeverProved(req, holder)
        req.payload.logger.info({
          msg: 'Provider linked by verified e-mail',
          userId: holder.id,
          provider: identity.provider,
        })
        return startSession(req, holder.id, { isNewUser: false })
      }
    }

    await refuseDroppedLink(req, identity)
    if (email && (await heldForUndo(req, email))) {
      throw waitingForUndo(identity)
    }
    const created = await createTrekker(
      req,
      { email, firstName: identity.firstName, lastName: identity.lastName, [field]: identity.sub },
      {},
    )
    return startSession(req, created.id, { isNewUser: true })
  })
}

/**
 * Adds a provider to the signed-in user's account (the caller has proved the holder) and tells
 * the account's address.
 */
export function linkProvider(
  req: PayloadRequest,
  userId: number | string,
  identity: ProviderIdentity,
) {
  const field = PROVIDER_FIELD[identity.provider]
  const name = PROVIDER_NAME[identity.provider]
  return inTransaction(req, async () => {
    await lockProviderAccount(req, identity)
    const owner = await findAccount(req, { [field]: { equals: identity.sub } })
    if (owner && String(owner.id) !== String(userId)) {
      throw new APIError(
        `This ${name} account is already linked to another OBS account.`,
        409,
        null,
        true,
      )
    }
    const me = await lockedAccount(req, { id: { equals: userId } })
    if (me?.[field] && me[field] !== identity.sub) {
      throw new APIError(
        `Your account is already linked to a different ${name} account.`,
        409,
        null,
        true,
      )
    }
    // Linking again what is already linked keeps the link's origin (an account the provider
    // created stays the provider's, whichever session repeats the link).
    if (me?.[field] !== identity.sub) {
      const linked = await setProviderId(req, userId, identity, 'session')
      await noticeProviderLink(req, linked, identity.provider, linked.updatedAt)
    }
  })
}
