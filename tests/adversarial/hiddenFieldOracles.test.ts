/**
 * Staff who may list users (cs, ops_manager, finance) and a trekker (own row) try to learn
 * secrets stored on the users row (reset token, verification token, hash, salt, session ids)
 * through `where`, `sort` and `select`. SAFE: the answer never depends on a secret.
 */
import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql, qs } from '../helpers/api'
import { createRoleUsers, createUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'

let payload: Payload
let roles: Awaited<ReturnType<typeof createRoleUsers>>

const rowOf = async (id: number) =>
  (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as any

beforeAll(async () => {
  payload = await testPayload()
  roles = await createRoleUsers(payload)
})

/** How many users match `id = victim AND field like prefix%`, as `token` sees it. */
async function matches(token: string, victimId: number, field: string, prefix: string) {
  const res = await api(
    'GET',
    `/users?${qs({
      where: { and: [{ id: { equals: victimId } }, { [field]: { like: prefix } }] },
      depth: 0,
    })}`,
    { token },
  )
  return { status: res.status, count: (res.body?.docs ?? []).length as number }
}

describe('where on secret columns', () => {
  it.each(['cs', 'ops_manager', 'finance'] as const)(
    '%s cannot learn a super admin’s reset-password token through where[resetPasswordToken]',
    async (role) => {
      const victim = await createUser(payload, 'super_admin')
      await api('POST', '/users/forgot-password', { body: { email: victim.email } })
      const secret = (await rowOf(victim.id)).resetPasswordToken as string
      expect(typeof secret).toBe('string')
      const staff = roles[role]
      const right = await matches(staff.token, victim.id, 'resetPasswordToken', secret.slice(0, 8))
      const wrong = await matches(
        staff.token,
        victim.id,
        'resetPasswordToken',
        secret.slice(0, 7) + (secret[7] === 'a' ? 'b' : 'a'),
      )
      // Either the filter is refused, or it cannot tell right from wrong.
      expect(right).toEqual(wrong)
    },
  )

  it.each(['hash', 'salt', '_verificationToken'])(
    'cs cannot probe %s of another account',
    async (field) => {
      const victim = await createUser(payload, null)
      // Unverified again, so a verification token exists to be probed.
      await api('POST', '/users', {
        body: {
          email: `x${victim.email}`,
          password: 'Str0ng-pass-1',
          firstName: 'U',
          lastName: 'V',
        },
      })
      if (field === '_verificationToken') {
        const fresh = await payload.db.findOne({
          collection: 'users',
          where: { email: { equals: `x${victim.email}` } },
        })
        victim.id = (fresh as any).id
      }
      const secret = String((await rowOf(victim.id))[field] ?? '')
      expect(secret.length).toBeGreaterThan(8)
      const right = await matches(roles.cs.token, victim.id, field, secret.slice(0, 6))
      const wrong = await matches(
        roles.cs.token,
        victim.id,
        field,
        secret.slice(0, 5) + (secret[5] === 'a' ? 'b' : 'a'),
      )
      expect(right).toEqual(wrong)
    },
  )

  it('cs cannot probe a session id (sessions.id) of another account', async () => {
    const victim = await createUser(payload, null)
    const sid = String((await rowOf(victim.id)).sessions?.[0]?.id ?? '')
    expect(sid.length).toBeGreaterThan(8)
    const right = await matches(roles.cs.token, victim.id, 'sessions.id', sid.slice(0, 6))
    const wrong = await matches(
      roles.cs.token,
      victim.id,
      'sessions.id',
      sid.slice(0, 5) + (sid[5] === 'a' ? 'b' : 'a'),
    )
    expect(right).toEqual(wrong)
  })

  it('sort by a secret column does not order users by it', async () => {
    const a = await createUser(payload, null)
    const b = await createUser(payload, null)
    await api('POST', '/users/forgot-password', { body: { email: a.email } })
    await api('POST', '/users/forgot-password', { body: { email: b.email } })
    const ta = (await rowOf(a.id)).resetPasswordToken as string
    const tb = (await rowOf(b.id)).resetPasswordToken as string
    const ids = [a.id, b.id]
    const list = async (sort: string) => {
      const res = await api('GET', `/users?${qs({ where: { id: { in: ids } }, sort, depth: 0 })}`, {
        token: roles.cs.token,
      })
      return res.status === 200 ? res.body.docs.map((d: any) => d.id) : res.status
    }
    const asc = await list('resetPasswordToken')
    const desc = await list('-resetPasswordToken')
    const bySecret = ta < tb ? [a.id, b.id] : [b.id, a.id]
    // If the secret column drives the order, asc follows it and desc reverses it.
    expect(
      Array.isArray(asc) &&
        JSON.stringify(asc) === JSON.stringify(bySecret) &&
        JSON.stringify(desc) === JSON.stringify([...bySecret].reverse()),
    ).toBe(false)
  })

  it('select and depth never return secret columns', async () => {
    const victim = await createUser(payload, null)
    await api('POST', '/users/forgot-password', { body: { email: victim.email } })
    const res = await api(
      'GET',
      `/users/${victim.id}?${qs({
        select: {
          resetPasswordToken: true,
          hash: true,
          salt: true,
          sessions: true,
          _verificationToken: true,
        },
      })}`,
      { token: roles.super_admin.token },
    )
    const text = JSON.stringify(res.body)
    for (const key of ['resetPasswordToken', 'hash', 'salt', '_verificationToken']) {
      expect(text).not.toContain(`"${key}"`)
    }
  })

  it('GraphQL where cannot filter on the reset token', async () => {
    const victim = await createUser(payload, 'super_admin')
    await api('POST', '/users/forgot-password', { body: { email: victim.email } })
    const secret = (await rowOf(victim.id)).resetPasswordToken as string
    const query = (prefix: string) =>
      graphql(
        `
          query ($id: Int!, $p: String!) {
            Users(where: { AND: [{ id: { equals: $id } }, { resetPasswordToken: { like: $p } }] }) {
              docs {
                id
              }
            }
          }
        `,
        { id: victim.id, p: prefix },
        roles.cs.token,
      )
    const right = await query(secret.slice(0, 8))
    const wrong = await query(secret.slice(0, 7) + (secret[7] === 'a' ? 'b' : 'a'))
    expect(right.body.data?.Users?.docs?.length ?? -1).toBe(
      wrong.body.data?.Users?.docs?.length ?? -1,
    )
  })
})
