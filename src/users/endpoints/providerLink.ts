import { APIError, type Endpoint, type PayloadRequest } from 'payload'

import { verifyAppleIdToken } from '../auth/apple'
import { linkProvider } from '../auth/federatedSignIn'
import { verifyGoogleIdToken } from '../auth/google'
import { PROVIDER_NAME, type ProviderIdentity } from '../auth/identity'
import { readBody, requireString } from '../auth/requestInput'
import { jsonResponse } from '../auth/respond'

type Verify = (payload: PayloadRequest['payload'], idToken: string) => Promise<ProviderIdentity>

/** POST /api/users/{google,apple}/link {idToken}: adds the provider to the signed-in account. */
function providerLinkEndpoint(provider: ProviderIdentity['provider'], verify: Verify): Endpoint {
  return {
    path: `/${provider}/link`,
    method: 'post',
    handler: async (req) => {
      if (!req.user) {
        throw new APIError('Sign in first.', 401, null, true)
      }
      const idToken = requireString(await readBody(req), 'idToken', 4096)
      await linkProvider(req, req.user.id, await verify(req.payload, idToken))
      return jsonResponse(req, {
        message: `${PROVIDER_NAME[provider]} is linked to your account.`,
        provider,
      })
    },
  }
}

export const googleLinkEndpoint = providerLinkEndpoint('google', verifyGoogleIdToken)
export const appleLinkEndpoint = providerLinkEndpoint('apple', verifyAppleIdToken)
