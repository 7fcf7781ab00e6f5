/**
 * payload-oapi cannot load under jest (a CommonJS dependency requires an ES-only one), so
 * unit tests get this stand-in: the same plugin shape, serving a minimal generated document.
 * The real generator is exercised by tests/openapi/generatedSpec.test.ts outside jest's loader.
 */
import type { Config, Endpoint } from 'payload'

type Options = { specEndpoint?: string; authEndpoint?: string; metadata: Record<string, unknown> }

export const openapi =
  ({ specEndpoint = '/openapi.json', authEndpoint = '/openapi-auth', metadata }: Options) =>
  (config: Config): Config => {
    const spec: Endpoint = {
      path: specEndpoint,
      method: 'get',
      handler: () =>
        Response.json({ openapi: '3.0.3', info: metadata, paths: {}, components: { schemas: {} } }),
    }
    const login: Endpoint = { path: authEndpoint, method: 'post', handler: () => Response.json({}) }
    return { ...config, endpoints: [...(config.endpoints ?? []), spec, login] }
  }
