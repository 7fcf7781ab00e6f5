import { beforeAll, describe, expect, it } from '@jest/globals'

import { toOpenApiPath } from '@/openapi/completeSpec'
import { contractEndpoints } from '@/openapi/customEndpoints'

import { api } from '../helpers/api'
import { testPayload } from '../helpers/payload'

// Under jest payload-oapi is a stub, so this proves what our module adds to whatever it
// generates; tests/openapi/generatedSpec.test.ts validates the real, complete document.
describe('GET /api/openapi.json as served', () => {
  let spec: any

  beforeAll(async () => {
    await testPayload()
    const res = await api('GET', '/openapi.json')
    expect(res.status).toBe(200)
    spec = res.body
  })

  it('describes every custom endpoint of the contract with its auth and error responses', () => {
    for (const endpoint of contractEndpoints) {
      const operation = spec.paths[toOpenApiPath(endpoint.path)]?.[endpoint.method]
      expect(operation).toBeDefined()
      expect(operation.summary).toBe(endpoint.summary)
      expect(operation.security).toEqual(
        endpoint.auth === 'anyone' ? [] : [{ bearerAuth: [] }, { jwtAuth: [] }, { cookieAuth: [] }],
      )
      for (const status of endpoint.errors) {
        expect(operation.responses[String(status)].$ref).toMatch(/^#\/components\/responses\//)
      }
    }
  })

  it('documents request bodies and path parameters', () => {
    const verify = spec.paths['/api/users/otp/verify'].post
    expect(verify.requestBody.content['application/json'].schema.required).toEqual([
      'phone',
      'code',
    ])
    expect(verify.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Session',
    })

    const cancel = spec.paths['/api/bookings/{id}/cancel'].post
    expect(cancel.parameters).toEqual([
      { in: 'path', name: 'id', required: true, schema: { type: 'integer' } },
    ])
    expect(Object.keys(cancel.responses).sort()).toEqual(['200', '400', '401', '403', '404'])

    const otp = spec.paths['/api/users/otp/request'].post
    expect(Object.keys(otp.responses).sort()).toEqual(['202', '400', '429'])
  })

  it('declares the JWT and Bearer headers and the payload-token cookie, not the plugin OAuth flow', () => {
    expect(spec.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      jwtAuth: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'Authorization' }),
      cookieAuth: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'payload-token' }),
    })
  })

  it("gives every error Payload's shape, and 429 a Retry-After header", () => {
    expect(spec.components.schemas.Error.required).toEqual(['errors'])
    expect(spec.components.schemas.Error.properties.errors.items.required).toEqual(['message'])
    for (const name of ['BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'TooManyRequests']) {
      expect(spec.components.responses[name].content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/Error',
      })
    }
    expect(spec.components.responses.TooManyRequests.headers['Retry-After']).toBeDefined()
  })

  it("does not serve payload-oapi's extra password login route", async () => {
    const res = await api('POST', '/openapi-auth', { body: {} })

    expect(res.status).toBe(404)
  })
})
