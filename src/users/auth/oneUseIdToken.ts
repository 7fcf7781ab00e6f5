import { createHash } from 'node:crypto'

import { APIError, type PayloadRequest } from 'payload'

import { authClock, HOUR, MINUTE } from './clock'
import type { ProviderIdentity } from './identity'
import { PROVIDER_NAME } from './identity'
import { authState } from './state'

// Providers' verifiers accept a token a few minutes past `exp` (clock skew), so it is
// remembered a little longer than it lives.
const SKEW = 10 * MINUTE

/**
 * What the token's signature covers: its header and claims exactly as sent (`header.payload`,
 * the JWS signing input). The signature's own text is left out because verifiers decode it
 * leniently (unused trailing bits, `=` padding, stray characters, the other base64 alphabet),
 * so one signed token has many spellings; its signed part has only one. Call only after the
 * token verified, so this is the part the provider signed.
 */
function signedPart(idToken: string): string {
  const [header, claims] = idToken.split('.')
  return `${header}.${claims}`
}

/**
 * An ID token from Google or Apple is good for one use, a sign-in or a link. Anyone who copies
 * it (a log, a proxy, a compromised app) could otherwise sign in again with it, or tie that
 * provider account to an account of their own, until it expires. A hash of what its signature
 * covers is remembered in the shared sign-in state store (PostgreSQL or Redis, so every instance
 * sees it) until the token could no longer verify anyway; a second use, however the token is
 * spelled, is refused with 401.
 */
export async function spendIdToken(
  req: PayloadRequest,
  identity: ProviderIdentity,
  idToken: string,
): Promise<void> {
  const now = authClock.now()
  const lifetime = identity.expiresAt ? identity.expiresAt * 1000 - now.getTime() : HOUR
  const digest = createHash('sha256').update(signedPart(idToken)).digest('hex')
  const retryAfter = await authState(req.payload).hit(
    {
      key: `idtoken:${identity.provider}:${digest}`,
      max: 1,
      windowMs: Math.max(0, Math.min(lifetime, 24 * HOUR)) + SKEW,
    },
    now,
  )
  if (retryAfter > 0) {
    req.payload.logger.info({ msg: 'Provider ID token replayed', provider: identity.provider })
    throw new APIError(
      `${PROVIDER_NAME[identity.provider]} sign-in failed: this token was already used. Sign in again.`,
      401,
      null,
      true,
    )
  }
}
