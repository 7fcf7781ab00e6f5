import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'

import { toOpenApiPath } from '@/openapi/completeSpec'
import { contractEndpoints } from '@/openapi/customEndpoints'

/**
 * payload-oapi cannot load inside jest, so the real document is generated the way
 * `npm run generate:openapi` does it (Payload's CLI, same endpoint as /api/openapi.json)
 * and then validated here.
 */
function node(args: string[]) {
  return spawnSync(process.execPath, args, {
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      NODE_OPTIONS: '--conditions=production',
      NEXT_TELEMETRY_DISABLED: '1',
      DB_PUSH: 'false',
    },
  })
}

function generateSpec(file: string) {
  const result = node(['node_modules/payload/bin.js', 'run', 'src/openapi/writeSpecFile.ts', file])
  if (result.status !== 0) {
    throw new Error(`generate:openapi failed (${result.status}): ${result.stderr}${result.stdout}`)
  }
  return JSON.parse(readFileSync(file, 'utf8'))
}

const COLLECTIONS = [
  'users',
  'regions',
  'treks',
  'itinerary-days',
  'guides',
  'batches',
  'bookings',
  'payments',
  'badges',
  'media',
]

describe('the generated OpenAPI document', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'obs-openapi-'))
  const file = path.join(dir, 'openapi.json')
  let spec: any

  beforeAll(() => {
    spec = generateSpec(file)
  }, 150_000)

  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('is a valid OpenAPI 3.0.3 document', () => {
    expect(spec.openapi).toBe('3.0.3')

    // swagger-parser resolves every $ref and checks the document against the 3.0 schema.
    const result = node(['tests/openapi/validateSpec.mjs', file])
    expect(result.stderr).toBe('')
    expect(result.stdout.trim()).toBe('valid: OBS Trekking Tribe API')
    expect(result.status).toBe(0)
  })

  it("lists every collection's REST operations, and no internal collection", () => {
    for (const slug of COLLECTIONS) {
      expect(Object.keys(spec.paths[`/api/${slug}`]).sort()).toEqual(['get', 'post'])
      expect(Object.keys(spec.paths[`/api/${slug}/{id}`]).sort()).toEqual([
        'delete',
        'get',
        'parameters',
        'patch',
      ])
    }
    expect(Object.keys(spec.paths).filter((p) => p.startsWith('/api/payload-'))).toEqual([])
  })

  it('lists every custom endpoint of the contract with its method', () => {
    const missing = contractEndpoints
      .filter(({ method, path: p }) => !spec.paths[toOpenApiPath(p)]?.[method])
      .map(({ method, path: p }) => `${method} ${p}`)

    expect(missing).toEqual([])
    expect(contractEndpoints.map(({ method, path: p }) => `${method} ${p}`)).toEqual(
      expect.arrayContaining([
        'post /api/users/otp/request',
        'post /api/users/otp/verify',
        'post /api/users/google',
        'post /api/users/apple',
        'post /api/users/token/refresh',
        'post /api/users/logout',
        'get /api/treks/slug/:slug',
        'get /api/treks/slug/:slug/batches',
        'post /api/bookings/:id/cancel',
        'post /api/bookings/:id/checkout',
        'post /api/payments/verify',
        'post /api/razorpay/webhook',
        'get /api/payments/export',
        'get /api/health',
        'get /api/openapi.json',
        'get /api/docs',
      ]),
    )
  })

  it('describes collection documents, request bodies and the right bodies by id', () => {
    const trek = spec.components.schemas.Trek
    expect(trek.properties.status.enum).toEqual(['draft', 'active', 'archived'])
    expect(trek.properties.nextBatch.properties).toHaveProperty('price')
    expect(spec.components.schemas.Batch.properties).toHaveProperty('availableSeats')
    expect(spec.paths['/api/treks'].post.requestBody).toEqual({
      $ref: '#/components/requestBodies/TrekRequestBody',
    })
    // An upload is multipart: the file, and the other fields as JSON in `_payload`.
    const upload = spec.paths['/api/media'].post.requestBody.content
    expect(Object.keys(upload)).toEqual(['multipart/form-data'])
    expect(Object.keys(upload['multipart/form-data'].schema.properties)).toEqual([
      'file',
      '_payload',
    ])
    // Payload answers GET by id with the document, PATCH and DELETE with { doc, message }.
    expect(spec.paths['/api/treks/{id}'].get.responses['200'].$ref).toBe(
      '#/components/responses/TrekResponse',
    )
    expect(spec.paths['/api/treks/{id}'].patch.responses['200'].$ref).toBe(
      '#/components/responses/MutateTrekResponse',
    )
  })

  it('lists 429 with Retry-After on exactly the operations a rate limit refuses', () => {
    const limited = Object.entries(spec.paths as Record<string, Record<string, any>>)
      .flatMap(([p, item]) =>
        Object.entries(item)
          .filter(([, operation]) => operation?.responses?.['429'])
          .map(([method, operation]) => {
            expect(operation.responses['429']).toEqual({
              $ref: '#/components/responses/TooManyRequests',
            })
            return `${method} ${p}`
          }),
      )
      .sort()

    expect(limited).toEqual(
      [
        'post /api/users',
        'patch /api/users/{id}',
        'post /api/users/forgot-password',
        'post /api/posts',
        'post /api/media',
        'post /api/bookings',
        'post /api/users/login',
        'post /api/users/otp/request',
        'post /api/users/otp/verify',
        'post /api/users/google/link',
        'post /api/users/apple/link',
        'post /api/users/phone/change',
        'post /api/users/email/undo',
        'post /api/users/me/erase',
        'post /api/users/{id}/erase',
      ].sort(),
    )
    expect(spec.components.responses.TooManyRequests.headers['Retry-After'].schema).toEqual({
      type: 'integer',
    })
  })

  it('secures operations with the session schemes and answers errors with the Error shape', () => {
    const signedIn = [{ bearerAuth: [] }, { jwtAuth: [] }, { cookieAuth: [] }]
    expect(spec.paths['/api/bookings'].get.security).toEqual(signedIn)
    expect(spec.paths['/api/bookings/{id}'].patch.responses['403'].$ref).toBe(
      '#/components/responses/Forbidden',
    )
    expect(spec.paths['/api/treks/{id}'].get.responses['404'].$ref).toBe(
      '#/components/responses/NotFound',
    )
    // Regions are public to read: no credentials asked for.
    expect(spec.paths['/api/regions'].get.security).toEqual([])
    expect(spec.paths['/api/treks'].get.parameters).toContainEqual(
      expect.objectContaining({ name: 'limit', schema: expect.objectContaining({ maximum: 100 }) }),
    )
    expect(JSON.stringify(spec)).not.toContain('ApiKey')
  })
})
