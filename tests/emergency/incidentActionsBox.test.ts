import { beforeAll, describe, expect, it } from '@jest/globals'
import { buildFormState } from '@payloadcms/ui/utilities/buildFormState'
import { createLocalReq, type Payload } from 'payload'

import { env } from '@/config/env'

import { api } from '../helpers/api'
import { createRoleUsers, unique, type TestUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { createTrip, type Trip } from './trip'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>
let trip: Trip
let incidentId: number

/** Who the admin would be for this token: the user Payload authenticates from it. */
async function signedIn(user: TestUser) {
  const { user: authUser } = await payload.auth({
    headers: new Headers({ Authorization: `JWT ${user.token}` }),
  })
  expect(authUser?.id).toBe(user.id)
  return authUser!
}

/**
 * The incident's edit view as the admin builds it for this user: Payload evaluates each
 * field's `admin.condition` into `passesCondition`, and a ui field that fails it is not
 * rendered, so the box with its buttons never reaches the page.
 */
async function actionsBoxShownTo(user: TestUser) {
  const authUser = await signedIn(user)
  const req = await createLocalReq({ user: authUser }, payload)
  const data = await payload.findByID({ collection: 'incidents', id: incidentId, depth: 0 })
  const { state } = await buildFormState({
    data,
    user: authUser,
    collectionSlug: 'incidents',
    id: incidentId,
    operation: 'update',
    schemaPath: 'incidents',
    renderAllFields: true,
    mockRSCs: true,
    docPermissions: undefined,
    docPreferences: { fields: {} },
    req,
  })
  expect(state.incidentActions).toBeDefined()
  return state.incidentActions.passesCondition !== false
}

beforeAll(async () => {
  payload = await testPayload()
  env.opsOncall = []
  roles = await createRoleUsers(payload)
  trip = await createTrip(payload)
  const res = await api('POST', '/incidents', {
    token: trip.trekker.token,
    body: {
      clientId: unique('sos'),
      message: 'Twisted ankle below the pass',
      batch: trip.batch.id,
    },
  })
  expect(res.status).toBe(201)
  incidentId = res.body.doc.id
})

describe('the incident actions box in the admin', () => {
  it('is shown to ops, support and super admins', async () => {
    for (const user of [roles.ops_manager, roles.cs, roles.super_admin]) {
      expect({ role: user.role, shown: await actionsBoxShownTo(user) }).toEqual({
        role: user.role,
        shown: true,
      })
    }
  })

  it('is not shown to finance, nor to guides, even the guide leading the batch', async () => {
    for (const user of [roles.finance, roles.guide, trip.guideUser]) {
      expect({ role: user.role, shown: await actionsBoxShownTo(user) }).toEqual({
        role: user.role,
        shown: false,
      })
    }
  })

  it("matches the box's endpoints: finance and guides are refused, handlers add notes", async () => {
    const note = (user: TestUser) =>
      api('POST', `/incidents/${incidentId}/notes`, {
        token: user.token,
        body: { note: `Checked by ${user.role}` },
      })

    const refused = await Promise.all([roles.finance, roles.guide, trip.guideUser].map(note))
    const accepted = []
    for (const user of [roles.ops_manager, roles.cs, roles.super_admin]) {
      accepted.push(await note(user))
    }

    expect(refused.map((res) => res.status)).toEqual([403, 403, 403])
    expect(refused[0].body.errors[0].message).toBe('Only ops and support handle incidents')
    expect(accepted.map((res) => res.status)).toEqual([200, 200, 200])
  })
})
