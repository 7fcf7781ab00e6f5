import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { graphql } from '../helpers/api'
import { createUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload

beforeAll(async () => {
  payload = await testPayload()
})

describe('a GraphQL write refused for want of credentials', () => {
  it('answers 401 "sign in", as REST does, and a signed-in role that may not do it 403', async () => {
    const trekker = await createUser(payload, null)
    const write = `mutation { createRegion(data: { name: "Nowhere" }) { id } }`

    const anonymous = await graphql(write)
    const signedIn = await graphql(write, undefined, trekker.token)

    expect(anonymous.body.errors?.[0]).toMatchObject({
      message: 'Sign in to do this: no valid credentials were sent',
      extensions: { statusCode: 401 },
    })
    expect(signedIn.body.errors?.[0]).toMatchObject({ extensions: { statusCode: 403 } })
    const created = await payload.count({
      collection: 'regions',
      where: { name: { equals: 'Nowhere' } },
    })
    expect(created.totalDocs).toBe(0)
  })
})
