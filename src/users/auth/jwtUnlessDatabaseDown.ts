import { sql } from '@payloadcms/db-postgres'
import { jwtVerify } from 'jose'
import {
  createLocalReq,
  JWTAuthentication,
  type AuthStrategy,
  type Payload,
  type PayloadRequest,
} from 'payload'

import { markDatabaseDownWhileSigningIn } from '@/security/databaseOutage'

import { READING_SIGNED_IN_USER } from '../hooks/hideSessionList'

const PROBE_TIMEOUT_MS = 2_000

/** The token Payload would read: `Authorization: JWT|Bearer …`, else the session cookie. */
function tokenOf(headers: Headers, payload: Payload): string | undefined {
  const authorization = headers.get('authorization') ?? ''
  const fromHeader = /^(?:JWT|Bearer)\s+(\S+)$/i.exec(authorization.trim())?.[1]
  if (fromHeader) {
    return fromHeader
  }
  const cookieName = `${payload.config.cookiePrefix}-token`
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === cookieName && value.length > 0) {
      return value.join('=')
    }
  }
  return undefined
}

async function signedByUs(token: string, payload: Payload) {
  try {
    await jwtVerify(token, new TextEncoder().encode(payload.secret))
    return true
  } catch {
    return false
  }
}

async function databaseAnswers(payload: Payload) {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS)
  })
  try {
    return await Promise.race([
      payload.db.drizzle.execute(sql`select 1`).then(
        () => true,
        () => false,
      ),
      timeout,
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** Lets Payload's JWT check see the user's session list (hideSessionList drops it elsewhere). */
async function withSessionList<T>(req: PayloadRequest | undefined, read: () => T | Promise<T>) {
  if (!req) {
    return read()
  }
  req.context ??= {}
  req.context[READING_SIGNED_IN_USER] = true
  try {
    return await read()
  } finally {
    delete req.context[READING_SIGNED_IN_USER]
  }
}

/**
 * Payload's JWT sign-in, except that a token whose user could not be loaded because the
 * database is down is not taken as "no user": Payload's strategy swallows every error and the
 * request would carry on as anonymous. Only a token signed by us that still found no user
 * costs the extra `select 1` (a revoked session, an erased account, or an outage).
 */
export const jwtUnlessDatabaseDown: AuthStrategy = {
  name: 'local-jwt',
  authenticate: async (args) => {
    // The admin's server rendering signs in with headers only, no request: give Payload's
    // check one that carries the flag, or the session list it needs is hidden from it.
    const req =
      args.req ??
      (await createLocalReq({ context: { [READING_SIGNED_IN_USER]: true } }, args.payload))
    const result = await withSessionList(req, () => JWTAuthentication({ ...args, req }))
    if (result.user) {
      return result
    }
    const token = tokenOf(args.headers, args.payload)
    if (!token || !(await signedByUs(token, args.payload))) {
      return result
    }
    if (await databaseAnswers(args.payload)) {
      return result
    }
    args.payload.logger.error({ msg: 'Sign-in: database unreachable while loading a user' })
    markDatabaseDownWhileSigningIn()
    return result
  },
}
