import type { Payload } from 'payload'

import type { StaffRole } from '@/access/roles'

import { api } from './api'

let counter = 0
/** A suffix that keeps names and slugs unique across test files sharing one database. */
export const unique = (prefix = 'x') =>
  `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`

export const TEST_PASSWORD = 'Test-password-123'

export type TestUser = { id: number; email: string; token: string; role: StaffRole | null }

/** Creates a user (trekker when role is null) and signs them in through REST. */
export async function createUser(
  payload: Payload,
  role: StaffRole | null,
  extra: Record<string, unknown> = {},
): Promise<TestUser> {
  const email = `${unique(role ?? 'trekker')}@obs.test`.toLowerCase()
  const user = await payload.create({
    collection: 'users',
    data: {
      email,
      password: TEST_PASSWORD,
      firstName: 'Test',
      lastName: role ?? 'Trekker',
      staffRole: role,
      // Password sign-ups must confirm their e-mail; test users are confirmed from the start.
      _verified: true,
      ...extra,
    } as any,
    overrideAccess: true,
    disableVerificationEmail: true,
  })
  const login = await api('POST', '/users/login', { body: { email, password: TEST_PASSWORD } })
  if (login.status !== 200) {
    throw new Error(`login failed for ${email}: ${JSON.stringify(login.body)}`)
  }
  return { id: user.id as number, email, token: login.body.token, role }
}

/** One signed-in user per contract role, plus a trekker. */
export async function createRoleUsers(payload: Payload) {
  const [super_admin, ops_manager, cs, finance, content, guide, trekker] = await Promise.all([
    createUser(payload, 'super_admin'),
    createUser(payload, 'ops_manager'),
    createUser(payload, 'cs'),
    createUser(payload, 'finance'),
    createUser(payload, 'content'),
    createUser(payload, 'guide'),
    createUser(payload, null),
  ])
  return { super_admin, ops_manager, cs, finance, content, guide, trekker }
}

const DAY = 24 * 60 * 60 * 1000

/** A region, an active trek and one open batch starting `startsInDays` from now. */
export async function createCatalog(
  payload: Payload,
  options: { seats?: number; price?: number; startsInDays?: number; status?: string } = {},
) {
  const region = await payload.create({
    collection: 'regions',
    data: { name: unique('Region') },
    overrideAccess: true,
  })
  const trek = await payload.create({
    collection: 'treks',
    data: {
      name: unique('Trek'),
      region: region.id,
      maxAltitude: 4200,
      durationDays: 6,
      difficulty: 'moderate',
      status: (options.status ?? 'active') as any,
    },
    overrideAccess: true,
  })
  const start = new Date(Date.now() + (options.startsInDays ?? 30) * DAY)
  const batch = await payload.create({
    collection: 'batches',
    data: {
      trek: trek.id,
      startDate: start.toISOString(),
      endDate: new Date(start.getTime() + 5 * DAY).toISOString(),
      totalSeats: options.seats ?? 10,
      price: options.price ?? 12500,
      status: 'open',
    },
    overrideAccess: true,
  })
  return { region, trek, batch }
}
