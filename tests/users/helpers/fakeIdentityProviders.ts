import { randomUUID } from 'node:crypto'

import { afterAll, beforeAll } from '@jest/globals'
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type KeyLike } from 'jose'

import { env } from '@/config/env'

import { sendJson, startFakeServer } from './fakeServer'

export const GOOGLE_CLIENT = 'obs-test.apps.googleusercontent.com'
export const APPLE_CLIENT = 'test.obs.app'

type Claims = Record<string, unknown>

type TokenOptions = {
  claims?: Claims
  issuer?: string
  audience?: string
  /** Seconds from now; negative for a token that has already expired. */
  expiresIn?: number
  /** Sign with a key the provider never published. */
  foreignKey?: boolean
}

async function signer(kid: string, defaultIssuer: string, defaultAudience: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true })
  const stranger = await generateKeyPair('RS256')
  return {
    publicKey,
    sign: async (sub: string, options: TokenOptions = {}) => {
      const now = Math.floor(Date.now() / 1000)
      const expiresIn = options.expiresIn ?? 3600
      const key: KeyLike = options.foreignKey ? stranger.privateKey : privateKey
      return (
        new SignJWT({ ...options.claims })
          .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
          .setSubject(sub)
          // Real providers never issue the same token twice (Google adds a jti too); without it
          // two tokens signed in the same second would be identical and count as a replay.
          .setJti(randomUUID())
          .setIssuer(options.issuer ?? defaultIssuer)
          .setAudience(options.audience ?? defaultAudience)
          .setIssuedAt(expiresIn < 0 ? now + expiresIn - 3600 : now)
          .setExpirationTime(now + expiresIn)
          .sign(key)
      )
    },
  }
}

/** Google's certificate endpoint (PEM keys by kid) on 127.0.0.1, with our own RSA key. */
export async function startFakeGoogle() {
  const kid = 'google-test-key'
  const keys = await signer(kid, 'https://accounts.google.com', GOOGLE_CLIENT)
  const pem = await exportSPKI(keys.publicKey)
  const server = await startFakeServer((_req, _body, res) => sendJson(res, 200, { [kid]: pem }))
  const previous = { ...env.google }
  Object.assign(env.google, {
    certsUrl: `${server.url}/oauth2/v1/certs`,
    clientIds: [GOOGLE_CLIENT],
  })
  return {
    sign: keys.sign,
    close: async () => {
      Object.assign(env.google, previous)
      await server.close()
    },
  }
}

/** Apple's JWKS endpoint on 127.0.0.1, with our own RSA key. */
export async function startFakeApple() {
  const kid = 'apple-test-key'
  const keys = await signer(kid, 'https://appleid.apple.com', APPLE_CLIENT)
  const jwk = { ...(await exportJWK(keys.publicKey)), kid, alg: 'RS256', use: 'sig' }
  const server = await startFakeServer((_req, _body, res) => sendJson(res, 200, { keys: [jwk] }))
  const previous = { ...env.apple }
  Object.assign(env.apple, { keysUrl: `${server.url}/auth/keys`, clientIds: [APPLE_CLIENT] })
  return {
    sign: keys.sign,
    close: async () => {
      Object.assign(env.apple, previous)
      await server.close()
    },
  }
}

type FakeGoogle = Awaited<ReturnType<typeof startFakeGoogle>>

/**
 * A Google account of someone new: its `sub`, a verified Gmail address, and fresh ID tokens
 * for it (each one new: a token signs in once).
 */
export function newGoogleAccount(google: Pick<FakeGoogle, 'sign'>) {
  const sub = `google-${randomUUID()}`
  const email = `gmail-${randomUUID().slice(0, 8)}@gmail.test`
  return {
    sub,
    email,
    token: () => google.sign(sub, { claims: { email, email_verified: true } }),
  }
}

/**
 * Fake Google and Apple for a test file: started before its tests, stopped after. The answer's
 * `sign` functions reach the fakes once they run, so they can be taken at the file's top.
 */
export function useFakeIdentityProviders() {
  let google: FakeGoogle | undefined
  let apple: Awaited<ReturnType<typeof startFakeApple>> | undefined
  beforeAll(async () => {
    google = await startFakeGoogle()
    apple = await startFakeApple()
  })
  afterAll(async () => {
    await google?.close()
    await apple?.close()
  })
  return {
    google: { sign: (...args: Parameters<FakeGoogle['sign']>) => google!.sign(...args) },
    apple: {
      sign: (...args: Parameters<FakeGoogle['sign']>) => apple!.sign(...args),
    },
  }
}
