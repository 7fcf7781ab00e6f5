import type { PayloadRequest, Where } from 'payload'

import { randomToken } from './secrets'

/** The stored row (with verification flags and provider ids), or null. */
export async function findAccount(req: PayloadRequest, where: Where) {
  return (await req.payload.db.findOne({ collection: 'users', where, req })) as
    | (Record<string, any> & { id: number })
    | null
}

/**
 * A trekker account for someone who proved a phone or an e-mail through a provider. Accounts
 * without an e-mail get an opaque username (Payload needs one of the two); the password is
 * random and never shown, so the only ways in are the ones that created the account.
 */
export async function createTrekker(
  req: PayloadRequest,
  data: Record<string, unknown>,
  proven: { phone?: boolean; email?: boolean },
) {
  return req.payload.create({
    collection: 'users',
    data: {
      ...data,
      ...(data.email ? {} : { username: `u${randomToken(12).toLowerCase().replace(/[^a-z0-9]/g, '')}` }),
      password: randomToken(),
      _verified: true,
    } as any,
    overrideAccess: true,
    disableVerificationEmail: true,
    context: { phoneVerified: proven.phone === true, emailVerified: proven.email === true },
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
    data: { phone: null } as any,
    overrideAccess: true,
    context: { phoneVerified: true },
    req,
  })
  req.payload.logger.warn({ msg: 'Unproven phone released to its proven owner', userId })
}
