import type { PayloadRequest, RequiredDataFromCollectionSlug } from 'payload'

import type { SeedAccount } from './data'

type UserData = RequiredDataFromCollectionSlug<'users'> & { _verified?: boolean }

export type Credentials = { salt: string; hash: string }

function userData(req: PayloadRequest, account: SeedAccount): UserData {
  const data: UserData = { ...account, tribeTier: 'basecamp', obsPoints: 0 }
  // Demo accounts must sign in straight away if the collection starts verifying e-mail.
  if (req.payload.collections.users.config.auth?.verify) {
    data._verified = true
  }
  return data
}

/**
 * The first account goes through the Local API, which checks the password against
 * Payload's rules and hashes it; its salt and hash are returned for the others.
 */
export async function createFirstAccount(
  req: PayloadRequest,
  account: SeedAccount,
  password: string,
) {
  const user = await req.payload.create({
    collection: 'users',
    data: { ...userData(req, account), password },
    disableVerificationEmail: true,
    overrideAccess: true,
    depth: 0,
    req,
  })
  const stored = (await req.payload.db.findOne({
    collection: 'users',
    where: { id: { equals: user.id } },
    req,
  })) as unknown as Credentials
  return {
    user: { ...user, collection: 'users' as const },
    credentials: { salt: stored.salt, hash: stored.hash },
  }
}

/**
 * Every demo account shares the published seed password. Payload hashes a password with
 * 600,000 PBKDF2 rounds (over a second each on a small machine), so the other accounts
 * reuse the first account's salt and hash instead of paying that again for each one.
 */
export async function createAccountWithCredentials(
  req: PayloadRequest,
  account: SeedAccount,
  credentials: Credentials,
): Promise<{ id: number }> {
  const now = new Date().toISOString()
  const user = await req.payload.db.create({
    collection: 'users',
    data: { ...userData(req, account), ...credentials, createdAt: now, updatedAt: now },
    req,
  })
  return { id: user.id as number }
}
