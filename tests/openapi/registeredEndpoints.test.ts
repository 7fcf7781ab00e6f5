import { beforeAll, describe, expect, it } from '@jest/globals'
import { buildConfig, type Endpoint, type Payload } from 'payload'

import { toOpenApiPath } from '@/openapi/completeSpec'
import { contractEndpoints } from '@/openapi/customEndpoints'
import { versionRoutesAre404 } from '@/security/versionRoutesAre404'

import { api } from '../helpers/api'
import { testPayload } from '../helpers/payload'

/**
 * Payload adds its own endpoints (REST operations, login, uploads, ...) to every config.
 * Their handlers are the same functions in any config, so a bare config shows which ones
 * are Payload's; everything else on ours was registered by this service. The 404s that stand
 * in for Payload's version routes (versionRoutesAre404) add no route, so they count as its.
 */
async function payloadsOwnHandlers(payload: Payload) {
  const bare = versionRoutesAre404(
    await buildConfig({
      secret: 'bare-config-for-comparison',
      db: payload.config.db as never,
      collections: [
        { slug: 'plain', fields: [] },
        { slug: 'accounts', auth: true, fields: [] },
        { slug: 'files', upload: true, fields: [] },
      ],
    }),
  )
  const handlers = new Set<Endpoint['handler']>()
  const add = (endpoints: Endpoint[] | false | undefined) =>
    (endpoints || []).forEach((endpoint) => handlers.add(endpoint.handler))
  add(bare.endpoints)
  bare.collections.forEach((collection) => add(collection.endpoints))
  bare.globals.forEach((global) => add(global.endpoints))
  return handlers
}

function registered(payload: Payload, payloads: Set<Endpoint['handler']>) {
  const ours = (prefix: string, endpoints: Endpoint[] | false | undefined) =>
    (endpoints || [])
      .filter((endpoint) => !payloads.has(endpoint.handler))
      .map(({ method, path }) => `${method} ${prefix}${path === '/' ? '' : path}`)
  return [
    ...ours('/api', payload.config.endpoints),
    // Payload's internal collections (payload-jobs' run routes, ...) are not this API's.
    ...payload.config.collections
      .filter(({ slug }) => !slug.startsWith('payload-'))
      .flatMap(({ slug, endpoints }) => ours(`/api/${slug}`, endpoints)),
    ...payload.config.globals.flatMap(({ slug, endpoints }) =>
      ours(`/api/globals/${slug}`, endpoints),
    ),
  ]
}

describe('custom endpoints in the OpenAPI document', () => {
  let payload: Payload
  let spec: any
  let endpoints: string[]

  beforeAll(async () => {
    payload = await testPayload()
    endpoints = registered(payload, await payloadsOwnHandlers(payload))
    spec = (await api('GET', '/openapi.json')).body
  })

  it('finds the endpoints this service registers, not Payload’s own', () => {
    expect(endpoints).toEqual(
      expect.arrayContaining([
        'get /api/health',
        'post /api/razorpay/webhook',
        'post /api/bookings/:id/cancel',
        'post /api/bookings/:id/offline-payment',
        'post /api/batches/:id/cancel',
        'post /api/incidents',
        'get /api/posts/feed',
      ]),
    )
    expect(endpoints).not.toContain('post /api/users/login')
    expect(endpoints).not.toContain('get /api/treks/:id')
  })

  it('describes every one of them, so a new endpoint cannot be left out', () => {
    // payload-oapi's own route is removed by our plugin wrapper; under jest it is a stub.
    const missing = endpoints.filter((entry) => {
      const [method, path] = entry.split(' ')
      return !spec.paths[toOpenApiPath(path)]?.[method]
    })

    expect(missing).toEqual([])
  })

  it('describes each with a request body when it reads one, and its auth and roles', () => {
    const described = (method: string, path: string) =>
      contractEndpoints.find((endpoint) => endpoint.method === method && endpoint.path === path)
    const undescribed = endpoints.filter((entry) => {
      const [method, path] = entry.split(' ')
      return !described(method, path)
    })
    expect(undescribed).toEqual([])

    const refund = spec.paths['/api/payments/{id}/refund'].post
    expect(refund['x-roles']).toEqual(['finance', 'super_admin'])
    expect(refund.requestBody.content['application/json'].schema.required).toEqual(['reason'])
    expect(Object.keys(refund.responses).sort()).toEqual(['202', '400', '401', '403', '404', '409'])

    const link = spec.paths['/api/users/google/link'].post
    expect(link.security).toEqual([{ bearerAuth: [] }, { jwtAuth: [] }, { cookieAuth: [] }])
    expect(link.responses['409'].$ref).toBe('#/components/responses/Conflict')

    const feed = spec.paths['/api/posts/feed'].get
    expect(feed.security).toEqual([])
    expect(feed.parameters.map((p: { name: string }) => p.name)).toEqual([
      'cursor',
      'limit',
      'kind',
      'trek',
      'batch',
      'author',
    ])

    const resolve = spec.paths['/api/incidents/{id}/resolve'].post
    expect(resolve.description).toContain('Who may call: ops_manager, cs, super_admin.')
  })
})
