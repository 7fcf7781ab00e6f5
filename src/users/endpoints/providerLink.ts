import { APIError, type Endpoint, type PayloadRequest } from 'payload'

import { verifyAppleIdToken } from '../auth/apple'
import { linkProvider } from '../auth/federatedSignIn'
import { verifyGoogleIdToken } from '../auth/google'
import { proveCredentialChange } from '../auth/holderProof'
import { PROVIDER_NAME, type ProviderIdentity } from '../auth/identity'
import { spendIdToken } from '../auth/oneUseIdToken'
import { readBody, requireString } from '../auth/requestInput'
import { jsonResponse } from '../auth/respond'
import { loadAuthUser } from '../auth/sessions'
import { SIGN_IN_FIRST } from '@/access/anonymousIsUnauthorized'

type Verify = (payload: PayloadRequest['payload'], idToken: string) => Promise<ProviderIdentity>

/**
 * POST /api/users/{google,apple}/link {idToken, currentPassword | currentCode}: adds the
 * provider to the signed-in account. A link is a new way in, so a stolen access token alone
 * must not add one: the holder proves the account as for a new password (proveCredentialChange,
 * the same five tries an hour). The ID token is checked first, so a bad one spends neither a
 * try nor the code; both are checked before anything is written. The ID token is spent like a
 * sign-in's (one use, sign-in or link), so a copied or already used one is 401; a link refused
 * afterwards needs a fresh token from the provider. The account's address is told (linkProvider).
 */
function providerLinkEndpoint(provider: ProviderIdentity['provider'], verify: Verify): Endpoint {
  const name = PROVIDER_NAME[provider]
  return {
    path: `/${provider}/link`,
    method: 'post',
    handler: async (req) => {
      if (!req.user) {
        throw new APIError(SIGN_IN_FIRST, 401, null, true)
      }
      const body = await readBody(req)
      const idToken = requireString(body, 'idToken', 4096)
      const account = await loadAuthUser(req.payload, req.user.id)
      if (!account) {
        throw new APIError(SIGN_IN_FIRST, 401, null, true)
      }
      const identity = await verify(req.payload, idToken)
      await spendIdToken(req, identity, idToken)
      await proveCredentialChange(req, account, body, `the ${name} link`)
      await linkProvider(req, req.user.id, identity)
      return jsonResponse(req, { message: `${name} is linked to your account.`, provider })
    },
  }
}

export const googleLinkEndpoint = providerLinkEndpoint('google', verifyGoogleIdToken)
export const appleLinkEndpoint = providerLinkEndpoint('apple', verifyAppleIdToken)
