import type { PayloadRequest, RequiredDataFromCollectionSlug, Where } from 'payload'

import type { User } from '@/payload-types'

import { randomToken } from './secrets'

export type AccountRow = Record<string, unknown> & { id: number }

/** The stored row (with verification flags and provider ids), or null. */
export async function findAccount(req: PayloadRequest, where: Where) {
  return (await req.payload.db.findOne({ collection: 'users', where, req })) as AccountRow | null
}

/**
 * A trekker account for someone who proved a phone, or an e-mail through a provider. Accounts
 * without an e-mail get an opaque username (Payload needs one of the two); the password is
 * random and never shown, so the only ways in are the ones that created the account.
 */
export async function createTrekker(
  req: PayloadRequest,
  data: Partial<User>,
  proven: { phone?: boolean },
) {
  return req.payload.create({
    collection: 'users',
    data: {
      ...data,
      ...(data.email
        ? {}
        : {
            username: `u${randomToken(12)
              .toLowerCase()
              .replace(/[^a-z0-9]/g, '')}`,
          }),
      password: randomToken(),
      _verified: true,
    } as RequiredDataFromCollectionSlug<'users'>,
    overrideAccess: true,
    disableVerificationEmail: true,
    context: { phoneVerified: proven.phone === true },
    req,
  })
}

/**
 * Someone proved this phone by OTP, and the account holding it never did: the proven owner
 * wins, the unproven claim is removed.
 */
export async function releaseUnprovenPhone(req: PayloadRequest, userId: number | string) {
  await req.payload.update({
    collection: 'users',
    id: userId,
    data: { phone: null },
    overrideAccess: true,
    context: { phoneVerified: true },
    req,
  })
  req.payload.logger.warn({ msg: 'Unproven phone released to its proven owner', userId })
}

/**
 * Once someone proves a phone, sign-up claims on it by other accounts are void: they never
 * gave anyone a way in, and the proven owner should not find their number on a stranger.
 */
export async function dropPhoneClaims(
  req: PayloadRequest,
  phone: string,
  provenBy: number | string,
) {
  await req.payload.db.updateMany({
    collection: 'users',
    where: { pendingPhone: { equals: phone }, id: { not_equals: provenBy } },
    data: { pendingPhone: null },
    req,
  })
}
