import { createRemoteJWKSet, jwtVerify } from 'jose'
import { APIError, type Payload } from 'payload'

import { env } from '@/config/env'

import { authClock } from './clock'
import type { ProviderIdentity } from './identity'

export const APPLE_ISSUER = 'https://appleid.apple.com'

let cached: { url: string; keys: ReturnType<typeof createRemoteJWKSet> } | undefined

function appleKeys() {
  if (!cached || cached.url !== env.apple.keysUrl) {
    cached = { url: env.apple.keysUrl, keys: createRemoteJWKSet(new URL(env.apple.keysUrl)) }
  }
  return cached.keys
}

/** Apple sends booleans in its ID token as strings ("true") or as booleans, depending on age. */
const isTrue = (value: unknown) => value === true || value === 'true'

/** Verifies a Sign in with Apple ID token against Apple's published keys. */
export async function verifyAppleIdToken(
  payload: Payload,
  idToken: string,
): Promise<ProviderIdentity> {
  if (env.apple.clientIds.length === 0) {
    throw new APIError('Sign in with Apple is not available.', 503, null, true)
  }
  let claims
  try {
    const verified = await jwtVerify(idToken, appleKeys(), {
      issuer: APPLE_ISSUER,
      audience: env.apple.clientIds,
      algorithms: ['RS256'],
      currentDate: authClock.now(),
    })
    claims = verified.payload
  } catch (err) {
    const code = (err as { code?: string }).code
    if (!code || code === 'ERR_JOSE_GENERIC' || code === 'ERR_JWKS_TIMEOUT') {
      payload.logger.error({ msg: 'Apple signing keys could not be fetched' })
      throw new APIError(
        'Sign in with Apple is not available right now. Try again.',
        503,
        null,
        true,
      )
    }
    payload.logger.info({ msg: 'Apple ID token rejected', reason: code })
    throw new APIError(
      'Sign in with Apple failed: the token is invalid or expired.',
      401,
      null,
      true,
    )
  }
  if (typeof claims.sub !== 'string' || claims.sub === '') {
    throw new APIError(
      'Sign in with Apple failed: the token is invalid or expired.',
      401,
      null,
      true,
    )
  }
  const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : undefined
  return {
    provider: 'apple',
    sub: claims.sub,
    email,
    emailVerified: isTrue(claims.email_verified),
    privateRelay:
      isTrue(claims.is_private_email) || Boolean(email?.endsWith('@privaterelay.appleid.com')),
    expiresAt: typeof claims.exp === 'number' ? claims.exp : undefined,
  }
}
