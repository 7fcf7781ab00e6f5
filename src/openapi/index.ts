import type { Endpoint, Plugin } from 'payload'
import { openapi } from 'payload-oapi'

import { completeSpec, info } from './completeSpec'
import { docsAssetEndpoint, docsPageEndpoint } from './docsEndpoints'

const SPEC_PATH = '/openapi.json'
// payload-oapi also mounts a password-login route for its own OAuth scheme; the API has
// its sign-in endpoints already, so that second login surface is removed.
const PLUGIN_LOGIN_PATH = '/openapi-auth'

/**
 * Wraps payload-oapi's generated document with what the contract adds (see completeSpec). It is
 * built from the collection configs alone, so once per process: built on every request, it took
 * about 100 ms of the only thread, for anyone who asked, as often as they liked (review round 28).
 */
export function completedSpecEndpoint(endpoint: Endpoint): Endpoint {
  let built: Promise<string> | undefined
  const build = async (req: Parameters<Endpoint['handler']>[0]) => {
    const generated = await endpoint.handler(req)
    if (!generated.ok) {
      throw new Error(`payload-oapi answered ${generated.status}`)
    }
    return JSON.stringify(completeSpec(await generated.json()))
  }
  return {
    ...endpoint,
    handler: async (req) => {
      built ??= build(req).catch((err: unknown) => {
        built = undefined // a failed build is tried again by the next request
        throw err
      })
      return new Response(await built, { headers: { 'Content-Type': 'application/json' } })
    },
  }
}

/**
 * `GET /api/openapi.json`: every collection's REST operations (generated from the
 * collection configs by payload-oapi) plus the contract's custom endpoints;
 * `GET /api/docs`: Swagger UI for it, served from this server.
 */
export const openapiPlugin: Plugin = async (incoming) => {
  const config = await openapi({
    openapiVersion: '3.0',
    specEndpoint: SPEC_PATH,
    authEndpoint: PLUGIN_LOGIN_PATH,
    metadata: info,
    filters: { hideInternalCollections: true },
  })(incoming)

  const endpoints = (config.endpoints ?? [])
    .filter((endpoint) => endpoint.path !== PLUGIN_LOGIN_PATH)
    .map((endpoint) => (endpoint.path === SPEC_PATH ? completedSpecEndpoint(endpoint) : endpoint))

  return { ...config, endpoints: [...endpoints, docsPageEndpoint, docsAssetEndpoint] }
}

export { completeSpec } from './completeSpec'
export { contractEndpoints, type ContractEndpoint } from './customEndpoints'
