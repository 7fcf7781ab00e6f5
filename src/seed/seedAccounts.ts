import type { PayloadRequest, RequiredDataFromCollectionSlug } from 'payload'

import type { SeedAccount } from './data'

type UserData = RequiredDataFromCollectionSlug<'users'> & { _verified?: boolean }

/**
 * A demo account through the Local API, so the users collection's own validation and
 * hooks apply as for any sign-up. Demo accounts must sign in straight away, so they
 * are marked verified when the collection verifies e-mail addresses.
 */
export async function createAccount(req: PayloadRequest, account: SeedAccount, password: string) {
  const data: UserData = { ...account, password, tribeTier: 'basecamp', obsPoints: 0 }
  if (req.payload.collections.users.config.auth?.verify) {
    data._verified = true
  }
  const user = await req.payload.create({
    collection: 'users',
    data,
    disableVerificationEmail: true,
    overrideAccess: true,
    depth: 0,
    req,
  })
  return { ...user, collection: 'users' as const }
}
