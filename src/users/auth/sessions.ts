import {
  getFieldsToSign,
  jwtSign,
  type Payload,
  type PayloadRequest,
  type TypedUser,
} from 'payload'
import { addSessionToUser } from 'payload/shared'

import { lockAccount } from './accountLock'
import { authClock } from './clock'
import { credentialStampOf, issueRefreshToken } from './refreshTokens'

export type Session = {
  token: string
  exp: number
  refreshToken: string
  user: unknown
  isNewUser?: boolean
}

type RawUser = Record<string, unknown> & {
  id: number | string
  email?: string | null
  sessions?: Array<{ id: string }>
}

type SessionUser = Parameters<typeof addSessionToUser>[0]['user']

/** The stored row, with the salt and sessions that the Local API hides. */
export async function loadAuthUser(payload: Payload, id: number | string, req?: PayloadRequest) {
  return (await payload.db.findOne({
    collection: 'users',
    where: { id: { equals: id } },
    req,
  })) as RawUser | null
}

/** The signed-in user's own view of their account, through the collection's read access. */
async function ownProfile(req: PayloadRequest, id: number | string, sid: string) {
  const doc = await req.payload.findByID({
    collection: 'users',
    id,
    depth: 0,
    overrideAccess: true,
    req,
  })
  req.user = { ...doc, collection: 'users', _strategy: 'local-jwt', _sid: sid } as TypedUser
  return req.payload.findByID({ collection: 'users', id, overrideAccess: false, req })
}

/**
 * Signs a user in the way Payload's own login does (a session on the user, a JWT naming it)
 * and adds a refresh token. With `family` it continues a sign-in that is being refreshed,
 * replacing that sign-in's previous session. Call inside the request's transaction.
 */
export async function startSession(
  req: PayloadRequest,
  userId: number | string,
  options: { family?: string; replaceSid?: string; isNewUser?: boolean } = {},
): Promise<Session> {
  const { payload } = req
  const collectionConfig = payload.collections.users.config
  const user = await loadAuthUser(payload, userId, req)
  if (!user) {
    throw new Error(`User ${userId} vanished while signing in`)
  }
  if (options.replaceSid) {
    user.sessions = (user.sessions ?? []).filter((session) => session.id !== options.replaceSid)
  }

  const { sid } = await addSessionToUser({
    collectionConfig,
    payload,
    req,
    user: user as unknown as SessionUser,
  })
  const fieldsToSign = getFieldsToSign({
    collectionConfig,
    email: user.email ?? '',
    sid,
    user: { ...user, collection: 'users' } as unknown as SessionUser,
  })
  const { exp, token } = await jwtSign({
    fieldsToSign,
    secret: payload.secret,
    tokenExpiration: collectionConfig.auth.tokenExpiration,
  })
  const refreshToken = await issueRefreshToken(req, {
    userId: user.id,
    sid: sid!,
    credentialStamp: credentialStampOf(user),
    family: options.family,
  })

  const session: Session = { token, exp, refreshToken, user: await ownProfile(req, user.id, sid!) }
  if (options.isNewUser !== undefined) {
    session.isNewUser = options.isNewUser
  }
  return session
}

/** Removes Payload sessions from a user: the access tokens naming them stop working at once. */
export async function dropPayloadSessions(
  payload: Payload,
  userId: number | string,
  sids: string[] | 'all',
  req?: PayloadRequest,
) {
  const user = await loadAuthUser(payload, userId, req)
  if (!user?.sessions?.length) {
    return
  }
  const kept = sids === 'all' ? [] : user.sessions.filter((session) => !sids.includes(session.id))
  if (kept.length === user.sessions.length) {
    return
  }
  await payload.db.updateOne({
    id: user.id,
    collection: 'users',
    data: { ...user, sessions: kept, updatedAt: null },
    req,
    returning: false,
  })
}

/**
 * Ends one sign-in: its refresh tokens and its access token. Call inside the request's
 * transaction: the account's row lock keeps a rotation of this sign-in from slipping past.
 */
export async function revokeFamily(
  payload: Payload,
  family: string,
  userId: number | string,
  req: PayloadRequest,
) {
  await lockAccount(req, userId)
  await payload.db.updateMany({
    collection: 'refresh-tokens',
    where: { family: { equals: family }, revokedAt: { exists: false } },
    data: { revokedAt: authClock.now().toISOString() },
    req,
  })
  const rows = await payload.db.find({
    collection: 'refresh-tokens',
    where: { family: { equals: family } },
    limit: 100,
    pagination: false,
    req,
  })
  await dropPayloadSessions(
    payload,
    userId,
    rows.docs.map((row) => String((row as Record<string, unknown>).sid)),
    req,
  )
}

/**
 * Ends every sign-in of a user (password change, staff sign-out, erasure). Call inside the
 * request's transaction: see lockAccount.
 */
export async function revokeAllSessions(
  payload: Payload,
  userId: number | string,
  req: PayloadRequest,
) {
  await lockAccount(req, userId)
  await payload.db.updateMany({
    collection: 'refresh-tokens',
    where: { user: { equals: userId }, revokedAt: { exists: false } },
    data: { revokedAt: authClock.now().toISOString() },
    req,
  })
  await dropPayloadSessions(payload, userId, 'all', req)
}

/** The sign-in (refresh family) that a Payload session belongs to, if it has one. */
export async function familyOfSession(payload: Payload, sid: string, req?: PayloadRequest) {
  const row = await payload.db.findOne({
    collection: 'refresh-tokens',
    where: { sid: { equals: sid } },
    req,
  })
  return row ? String((row as Record<string, unknown>).family) : null
}

/**
 * Ends every sign-in of a user except the one holding `keepSid` (the caller's own, when the
 * caller is that user): after a credential changes, only the sign-in that changed it stays.
 * Call inside the request's transaction: see lockAccount.
 */
export async function revokeOtherSessions(
  payload: Payload,
  userId: number | string,
  keepSid: string | undefined,
  req: PayloadRequest,
) {
  if (!keepSid) {
    await revokeAllSessions(payload, userId, req)
    return
  }
  await lockAccount(req, userId)
  const family = await familyOfSession(payload, keepSid, req)
  await payload.db.updateMany({
    collection: 'refresh-tokens',
    where: {
      user: { equals: userId },
      revokedAt: { exists: false },
      ...(family ? { family: { not_equals: family } } : {}),
    },
    data: { revokedAt: authClock.now().toISOString() },
    req,
  })
  const user = await loadAuthUser(payload, userId, req)
  const others = (user?.sessions ?? []).map((session) => session.id).filter((id) => id !== keepSid)
  if (others.length > 0) {
    await dropPayloadSessions(payload, userId, others, req)
  }
}
