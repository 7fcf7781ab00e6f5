import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql } from '../helpers/api'
import { createUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { uniqueIp } from './helpers/fakeSms'

let payload: Payload

beforeAll(async () => {
  payload = await testPayload()
})

const signUp = (email: string) => ({
  email,
  password: 'Fresh-pass-12345',
  firstName: 'Asha',
  lastName: 'Rawat',
})

describe('a sign-up with an e-mail already taken', () => {
  it('REST names `email`, whatever case it is written in', async () => {
    const holder = await createUser(payload, null)
    const res = await api('POST', '/users', {
      body: signUp(holder.email.toUpperCase()),
      headers: { 'X-Forwarded-For': uniqueIp() },
    })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].data.errors).toEqual([
      { message: 'A user with the given email is already registered.', path: 'email' },
    ])
  })

  it('GraphQL createUser names `email` too', async () => {
    const holder = await createUser(payload, null)
    const { email, password, firstName, lastName } = signUp(holder.email)
    const res = await graphql(
      `mutation { createUser(data: { email: "${email}", password: "${password}", firstName: "${firstName}", lastName: "${lastName}" }) { id } }`,
    )
    expect(res.body.errors![0].message).toBe('The following field is invalid: email')
    expect(res.body.errors![0].extensions.data.errors).toEqual([
      { message: 'A user with the given email is already registered.', path: 'email' },
    ])
  })
})
