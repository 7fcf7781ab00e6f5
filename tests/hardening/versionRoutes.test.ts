import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Endpoint, Payload, PayloadRequest, SanitizedConfig } from 'payload'

import { versionRoutesAre404 } from '@/security/versionRoutesAre404'

import { api } from '../helpers/api'
import { createRoleUsers } from '../helpers/fixtures'
import { captureLogOutput } from '../helpers/logOutput'
import { testPayload } from '../helpers/payload'

let payload: Payload
let users: Awaited<ReturnType<typeof createRoleUsers>>

beforeAll(async () => {
  payload = await testPayload()
  users = await createRoleUsers(payload)
})

const NO_VERSIONS = { errors: [{ message: 'This collection keeps no versions' }] }

describe('version routes of collections that keep no versions are 404', () => {
  it('for every collection, anonymous or super admin, with nothing in the error log', async () => {
    const slugs = payload.config.collections
      // Without REST routes at all (payload-migrations), every path is Payload's 501.
      .filter((collection) => !collection.versions && collection.endpoints !== false)
      .map((collection) => collection.slug)
    expect(slugs).toEqual(expect.arrayContaining(['users', 'treks', 'bookings', 'payload-jobs']))

    const logs = captureLogOutput()
    const answers: Record<string, unknown> = {}
    try {
      for (const slug of slugs) {
        for (const token of [undefined, users.super_admin.token]) {
          for (const [method, path] of [
            ['GET', `/${slug}/versions`],
            ['GET', `/${slug}/versions/1`],
            ['POST', `/${slug}/versions/1`],
          ]) {
            const res = await api(method, path, { token })
            answers[`${token ? 'super_admin' : 'anonymous'} ${method} ${path}`] = [
              res.status,
              res.body,
            ]
          }
        }
      }
    } finally {
      logs.stop()
    }

    expect(Object.values(answers)).toEqual(Array(slugs.length * 6).fill([404, NO_VERSIONS]))
    expect(logs.text()).not.toMatch(/ERROR/)
  })

  it('leaves the other routes of a collection as they were', async () => {
    const list = await api('GET', '/treks?limit=1', { token: users.super_admin.token })
    expect(list.status).toBe(200)

    const own = await api('GET', `/users/${users.trekker.id}`, { token: users.trekker.token })
    expect(own.status).toBe(200)
    expect(own.body.id).toBe(users.trekker.id)
  })
})

describe('versionRoutesAre404 on a config', () => {
  const ownEndpoint: Endpoint = { method: 'get', path: '/mine', handler: () => Response.json({}) }
  const config = () =>
    ({
      collections: [
        { slug: 'kept', versions: { maxPerDoc: 10 }, endpoints: [ownEndpoint] },
        { slug: 'off', endpoints: false },
      ],
      globals: [{ slug: 'settings', endpoints: [ownEndpoint] }],
    }) as unknown as SanitizedConfig

  it('puts 404 version routes first on globals without versions, and leaves the rest', async () => {
    const result = versionRoutesAre404(config())
    const settings = result.globals[0].endpoints as Endpoint[]

    expect(settings.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'get /versions',
      'get /versions/:id',
      'post /versions/:id',
      'get /mine',
    ])
    const answer = await settings[2].handler({} as PayloadRequest)
    expect(answer.status).toBe(404)
    expect(await answer.json()).toEqual({ errors: [{ message: 'This global keeps no versions' }] })
    expect(result.collections[0].endpoints).toEqual([ownEndpoint])
    expect(result.collections[1].endpoints).toBe(false)
  })
})
