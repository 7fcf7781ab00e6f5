import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Payload } from 'payload'

import { api, graphql, qs } from '../helpers/api'
import { createCatalog, createUser } from '../helpers/fixtures'
import { testPayload } from '../helpers/payload'
import { refusal, signedInRoles, type Role } from './roles'
import { notAllowedFor } from './gql'

/**
 * Payload's `payload-locked-documents` (the admin's "someone is editing this" marker): a
 * lock makes everyone else's update of the document a 423, so only admin users (staff)
 * lock, and only under their own name.
 */
let payload: Payload
let roles: Awaited<ReturnType<typeof signedInRoles>>

const STAFF: Role[] = ['content', 'ops_manager', 'cs', 'finance', 'guide', 'super_admin']
const OUTSIDERS: Role[] = ['anonymous', 'trekker']
const TREK_EDITORS: Role[] = ['content', 'ops_manager', 'super_admin']
const TREK_READERS: Role[] = ['cs', 'finance', 'guide']

const idOf = (role: Role) => (role === 'anonymous' ? 0 : roles.users[role].id)

const lockBody = (relationTo: string, value: number, userId: number) => ({
  document: { relationTo, value },
  user: { relationTo: 'users', value: userId },
})

const lockRows = async (trekId: number) =>
  (
    await payload.find({
      collection: 'payload-locked-documents',
      where: { 'document.value': { equals: trekId }, 'document.relationTo': { equals: 'treks' } },
      depth: 0,
      overrideAccess: true,
    })
  ).docs as any[]

const lockAs = async (trekId: number, userId: number) =>
  (await payload.create({
    collection: 'payload-locked-documents',
    data: lockBody('treks', trekId, userId) as any,
    overrideAccess: true,
  })) as any

beforeAll(async () => {
  payload = await testPayload()
  roles = await signedInRoles(payload)
})

describe('edit locks through REST', () => {
  it.each(OUTSIDERS)('%s cannot lock a document, even in their own name', async (role) => {
    const { trek } = await createCatalog(payload)
    const res = await api('POST', '/payload-locked-documents?depth=0', {
      token: roles.token(role),
      body: lockBody('treks', trek.id, idOf(role) || roles.users.ops_manager.id),
    })
    expect(res.status).toBe(refusal(role))
    expect(await lockRows(trek.id)).toEqual([])
  })

  it('a trekker’s lock attempt does not stop the ops manager editing the trek', async () => {
    const { trek } = await createCatalog(payload)
    await api('POST', '/payload-locked-documents?depth=0', {
      token: roles.token('trekker'),
      body: lockBody('treks', trek.id, roles.users.trekker.id),
    })
    const edit = await api('PATCH', `/treks/${trek.id}?depth=0`, {
      token: roles.token('ops_manager'),
      body: { fitnessPrep: 'Walk 5 km a day for a month' },
    })
    expect(edit.status).toBe(200)
    expect(edit.body.doc.fitnessPrep).toBe('Walk 5 km a day for a month')
  })

  it('a trekker cannot freeze another trekker’s profile under a super admin’s name', async () => {
    const victim = await createUser(payload, null)
    const attempt = await api('POST', '/payload-locked-documents?depth=0', {
      token: roles.token('trekker'),
      body: lockBody('users', victim.id, roles.users.super_admin.id),
    })
    expect(attempt.status).toBe(403)
    const edit = await api('PATCH', `/users/${victim.id}?depth=0`, {
      token: victim.token,
      body: { bio: 'Back from Kedarkantha' },
    })
    expect(edit.status).toBe(200)
  })

  it.each(TREK_EDITORS)('%s locks a trek in their own name', async (role) => {
    const { trek } = await createCatalog(payload)
    const res = await api('POST', '/payload-locked-documents?depth=0', {
      token: roles.token(role),
      body: lockBody('treks', trek.id, idOf(role)),
    })
    expect(res.status).toBe(201)
    expect((await lockRows(trek.id)).map((row) => row.user.value)).toEqual([idOf(role)])
  })

  // A lock makes everyone else's save a 423: only someone who could save the trek holds one.
  it.each(TREK_READERS)('%s, who may not edit treks, cannot lock one', async (role) => {
    const { trek } = await createCatalog(payload)
    const res = await api('POST', '/payload-locked-documents?depth=0', {
      token: roles.token(role),
      body: lockBody('treks', trek.id, idOf(role)),
    })
    expect(res.status).toBe(403)
    expect(await lockRows(trek.id)).toEqual([])
  })

  it('a guide locks their own guide profile but not another guide’s', async () => {
    const other = await createUser(payload, 'guide')
    const own = await payload.create({
      collection: 'guides',
      data: { name: 'Own', user: idOf('guide'), isActive: true } as any,
      overrideAccess: true,
    })
    const theirs = await payload.create({
      collection: 'guides',
      data: { name: 'Theirs', user: other.id, isActive: true } as any,
      overrideAccess: true,
    })
    const lock = (id: number) =>
      api('POST', '/payload-locked-documents?depth=0', {
        token: roles.token('guide'),
        body: lockBody('guides', id, idOf('guide')),
      })
    expect((await lock(own.id)).status).toBe(201)
    expect((await lock(theirs.id)).status).toBe(403)
    await payload.delete({
      collection: 'payload-locked-documents',
      where: { 'document.relationTo': { equals: 'guides' } },
      overrideAccess: true,
    })
  })

  it.each(STAFF)('%s cannot lock a trek in someone else’s name', async (role) => {
    const { trek } = await createCatalog(payload)
    const someoneElse = role === 'ops_manager' ? roles.users.cs.id : roles.users.ops_manager.id
    const res = await api('POST', '/payload-locked-documents?depth=0', {
      token: roles.token(role),
      body: lockBody('treks', trek.id, someoneElse),
    })
    expect(res.status).toBe(403)
    expect(await lockRows(trek.id)).toEqual([])
  })

  it.each(OUTSIDERS)('%s cannot list locks', async (role) => {
    const { trek } = await createCatalog(payload)
    await lockAs(trek.id, roles.users.ops_manager.id)
    const res = await api('GET', `/payload-locked-documents?depth=0&limit=100`, {
      token: roles.token(role),
    })
    expect(res.status).toBe(refusal(role))
    expect(res.body.docs).toBeUndefined()
  })

  it.each(STAFF)('%s sees who else is editing a trek (the admin shows it)', async (role) => {
    const { trek } = await createCatalog(payload)
    const holder = role === 'ops_manager' ? roles.users.content.id : roles.users.ops_manager.id
    const lock = await lockAs(trek.id, holder)
    const res = await api(
      'GET',
      `/payload-locked-documents?${qs({ where: { 'document.value': { equals: trek.id } }, depth: 0 })}`,
      { token: roles.token(role) },
    )
    expect(res.status).toBe(200)
    expect(res.body.docs.map((doc: any) => [doc.id, doc.user.value])).toEqual([[lock.id, holder]])
  })

  it.each(OUTSIDERS)('%s cannot take over, renew or delete a staff lock', async (role) => {
    const { trek } = await createCatalog(payload)
    const lock = await lockAs(trek.id, roles.users.ops_manager.id)
    const takeOver = await api('PATCH', `/payload-locked-documents/${lock.id}?depth=0`, {
      token: roles.token(role),
      body: { user: { relationTo: 'users', value: idOf(role) || roles.users.trekker.id } },
    })
    const renew = await api('PATCH', `/payload-locked-documents/${lock.id}?depth=0`, {
      token: roles.token(role),
      body: {},
    })
    const remove = await api('DELETE', `/payload-locked-documents/${lock.id}`, {
      token: roles.token(role),
    })
    expect([takeOver.status, renew.status, remove.status]).toEqual([
      refusal(role),
      refusal(role),
      refusal(role),
    ])
    expect((await lockRows(trek.id)).map((row) => [row.id, row.user.value])).toEqual([
      [lock.id, roles.users.ops_manager.id],
    ])
  })

  it('staff renew and release their own lock, and take over another’s in their own name', async () => {
    const { trek } = await createCatalog(payload)
    const own = await lockAs(trek.id, roles.users.content.id)
    const renew = await api('PATCH', `/payload-locked-documents/${own.id}?depth=0`, {
      token: roles.token('content'),
      body: {},
    })
    expect(renew.status).toBe(200)

    const takeOver = await api('PATCH', `/payload-locked-documents/${own.id}?depth=0`, {
      token: roles.token('ops_manager'),
      body: { user: { relationTo: 'users', value: roles.users.ops_manager.id } },
    })
    expect(takeOver.status).toBe(200)
    expect((await lockRows(trek.id)).map((row) => row.user.value)).toEqual([
      roles.users.ops_manager.id,
    ])

    // The previous holder may neither release nor touch the lock they lost.
    const releaseLost = await api('DELETE', `/payload-locked-documents/${own.id}`, {
      token: roles.token('content'),
    })
    const touchLost = await api('PATCH', `/payload-locked-documents/${own.id}?depth=0`, {
      token: roles.token('content'),
      body: {},
    })
    expect([releaseLost.status, touchLost.status]).toEqual([403, 403])

    const handOver = await api('PATCH', `/payload-locked-documents/${own.id}?depth=0`, {
      token: roles.token('ops_manager'),
      body: { user: { relationTo: 'users', value: roles.users.guide.id } },
    })
    expect(handOver.status).toBe(403)

    const release = await api('DELETE', `/payload-locked-documents/${own.id}`, {
      token: roles.token('ops_manager'),
    })
    expect(release.status).toBe(200)
    expect(await lockRows(trek.id)).toEqual([])
  })

  it('only someone who may edit the document takes its lock over', async () => {
    const { trek } = await createCatalog(payload)
    const lock = await lockAs(trek.id, roles.users.content.id)
    const takeOver = await api('PATCH', `/payload-locked-documents/${lock.id}?depth=0`, {
      token: roles.token('finance'),
      body: { user: { relationTo: 'users', value: roles.users.finance.id } },
    })
    expect(takeOver.status).toBe(403)
    expect((await lockRows(trek.id)).map((row) => row.user.value)).toEqual([roles.users.content.id])
  })

  it('a super admin clears a lock someone left behind; other staff cannot', async () => {
    const { trek } = await createCatalog(payload)
    await lockAs(trek.id, roles.users.content.id)
    const path = `/payload-locked-documents?where[document.value][equals]=${trek.id}`
    await api('DELETE', path, { token: roles.token('ops_manager') })
    expect(await lockRows(trek.id)).toHaveLength(1)

    const cleared = await api('DELETE', path, { token: roles.token('super_admin') })
    expect(cleared.status).toBe(200)
    expect(await lockRows(trek.id)).toEqual([])
  })

  it('a staff lock still makes another staff member’s save a 423', async () => {
    const { trek } = await createCatalog(payload)
    const lock = await api('POST', '/payload-locked-documents?depth=0', {
      token: roles.token('content'),
      body: lockBody('treks', trek.id, roles.users.content.id),
    })
    expect(lock.status).toBe(201)
    const edit = await api('PATCH', `/treks/${trek.id}?depth=0`, {
      token: roles.token('ops_manager'),
      body: { fitnessPrep: 'Stairs daily' },
    })
    expect(edit.status).toBe(423)
  })
})

describe('edit locks through GraphQL', () => {
  const create = (trekId: number, userId: number) => `mutation {
    createPayloadLockedDocument(data: {
      document: { relationTo: treks, value: ${trekId} }
      user: { relationTo: users, value: ${userId} }
    }) { id }
  }`

  it.each(OUTSIDERS)('%s can neither lock nor list locks', async (role) => {
    const { trek } = await createCatalog(payload)
    await lockAs(trek.id, roles.users.ops_manager.id)
    const made = await graphql(create(trek.id, roles.users.trekker.id), {}, roles.token(role))
    const listed = await graphql(
      `
        {
          PayloadLockedDocuments(limit: 100) {
            docs {
              id
            }
          }
        }
      `,
      {},
      roles.token(role),
    )
    expect(made.body.data?.createPayloadLockedDocument ?? null).toBeNull()
    expect(made.body.errors?.[0]?.message).toBe(notAllowedFor(role))
    expect(listed.body.data?.PayloadLockedDocuments ?? null).toBeNull()
    expect(listed.body.errors?.[0]?.message).toBe(notAllowedFor(role))
    expect((await lockRows(trek.id)).map((row) => row.user.value)).toEqual([
      roles.users.ops_manager.id,
    ])
  })

  it('staff lock in their own name only', async () => {
    const { trek } = await createCatalog(payload)
    const asOther = await graphql(
      create(trek.id, roles.users.super_admin.id),
      {},
      roles.token('content'),
    )
    expect(asOther.body.errors?.[0]?.message).toBe('You are not allowed to perform this action.')
    const own = await graphql(create(trek.id, roles.users.content.id), {}, roles.token('content'))
    expect(own.body.errors).toBeUndefined()
    expect((await lockRows(trek.id)).map((row) => row.user.value)).toEqual([roles.users.content.id])
  })

  it('a delete over GraphQL waits for a colleague’s lock, as REST’s does, and keeps the lock', async () => {
    const { trek } = await createCatalog(payload)
    await lockAs(trek.id, roles.users.content.id)
    const deleted = await graphql(
      `
        mutation ($id: Int!) {
          deleteTrek(id: $id) {
            id
          }
        }
      `,
      { id: trek.id },
      roles.token('super_admin'),
    )
    expect(deleted.body.data?.deleteTrek ?? null).toBeNull()
    expect(deleted.body.errors?.[0]?.message).toBe(
      `Document with ID ${trek.id} is currently locked and cannot be deleted.`,
    )
    const overridden = await api('DELETE', `/treks/${trek.id}?overrideLock=true`, {
      token: roles.token('super_admin'),
    })
    expect(overridden.status).toBe(423)
    expect(
      await payload.count({ collection: 'treks', where: { id: { equals: trek.id } } }),
    ).toEqual({ totalDocs: 1 })
    expect((await lockRows(trek.id)).map((row) => row.user.value)).toEqual([roles.users.content.id])
  })
})
