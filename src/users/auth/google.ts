import { OAuth2Client } from 'google-auth-library'
import { APIError, type Payload } from 'payload'

import { env } from '@/config/env'

import type { ProviderIdentity } from './identity'

let cached: { certsUrl?: string; client: OAuth2Client } | undefined

/**
 * Google's library waits for its certificates without end and retries a silent server twice:
 * a hung certificate endpoint would hold every Google sign-in (and its connection) open. Two
 * tries of 5 s each bound it to about 11 s, after which the sign-in answers 503.
 */
export const GOOGLE_CERTS_TIMEOUT_MS = 5_000
const GOOGLE_CERTS_RETRIES_WITHOUT_ANSWER = 1

/** One client per certificates URL, so Google's certificates are cached between requests. */
function client(): OAuth2Client {
  if (!cached || cached.certsUrl !== env.google.certsUrl) {
    const endpoints = env.google.certsUrl
      ? { oauth2FederatedSignonPemCertsUrl: env.google.certsUrl }
      : undefined
    const transporterOptions = {
      timeout: GOOGLE_CERTS_TIMEOUT_MS,
      retryConfig: { noResponseRetries: GOOGLE_CERTS_RETRIES_WITHOUT_ANSWER },
    }
    cached = {
      certsUrl: env.google.certsUrl,
      client: new OAuth2Client({ endpoints, transporterOptions }),
    }
  }
  return cached.client
}

/**
 * Checks signature, audience (our client ids), issuer and expiry through Google's own library.
 * Its error messages quote the token, so only a fixed reason is ever logged or returned.
 */
export async function verifyGoogleIdToken(
  payload: Payload,
  idToken: string,
): Promise<ProviderIdentity> {
  if (env.google.clientIds.length === 0) {
    throw new APIError('Google sign-in is not available.', 503, null, true)
  }
  let claims
  try {
    const ticket = await client().verifyIdToken({ idToken, audience: env.google.clientIds })
    claims = ticket.getPayload()
  } catch (err) {
    const message = (err as Error).message ?? ''
    if (message.startsWith('Failed to retrieve verification certificates')) {
      payload.logger.error({ msg: 'Google certificates could not be fetched' })
      throw new APIError('Google sign-in is not available right now. Try again.', 503, null, true)
    }
    payload.logger.info({ msg: 'Google ID token rejected' })
    throw new APIError('Google sign-in failed: the token is invalid or expired.', 401, null, true)
  }
  if (!claims?.sub) {
    throw new APIError('Google sign-in failed: the token is invalid or expired.', 401, null, true)
  }
  return {
    provider: 'google',
    sub: claims.sub,
    email: claims.email?.toLowerCase(),
    emailVerified: claims.email_verified === true,
    privateRelay: false,
    firstName: claims.given_name,
    lastName: claims.family_name,
    expiresAt: claims.exp,
  }
}
