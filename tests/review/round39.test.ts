/**
 * Thirty-ninth review round (a fresh reviewer, one hour: START 12:30:02 UTC, END_TIME 13:30:02 UTC
 * by `date`). Header filled in as the round goes.
 */
import { describe, expect, it, jest } from '@jest/globals'
import type { Payload } from 'payload'

import { api } from '../helpers/api'
import { unique } from '../helpers/fixtures'
import { type RoleUsers, usePaymentsWorld } from '../payments/world'

let payload: Payload
let roles: RoleUsers
usePaymentsWorld((world) => {
  payload = world.payload
  roles = world.roles
})

type Answer = { status: number; body: any }

/**
 * Runs `held` until its first call of the adapter's `method` on `collection` is about to run,
 * holds it there while `other` runs to its answer, then lets it go on.
 */
async function heldAt(
  method: string,
  collection: string,
  held: () => Promise<Answer>,
  other: () => Promise<Answer>,
): Promise<[Answer, Answer]> {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let reached!: () => void
  const atCall = new Promise<void>((resolve) => (reached = resolve))
  const db = payload.db as any
  const original = db[method].bind(db)
  let calls = 0
  const spy = jest.spyOn(db, method).mockImplementation(async (args: any) => {
    if (args?.collection === collection && calls++ === 0) {
      reached()
      await gate
    }
    return original(args)
  })
  try {
    const later = held()
    await Promise.race([atCall, later])
    spy.mockRestore()
    const first = await other()
    release()
    return [await later, first]
  } finally {
    spy.mockRestore()
  }
}

describe('two deletes of one admin preference at once', () => {
  // FINDING 1: two deletes of one admin preference at once (`DELETE /api/payload-preferences/<key>` from two admin tabs resetting the same columns): the later answers 500 and logs the failed query at ERROR; round 38's fix looks for the row first, but without a lock, so a delete that passed that look before the other committed reaches Payload's broken not-found path anyway, low
  it.failing('answers the later 404, not 500', async () => {
    const key = unique('columns')
    const token = roles.cs.token
    const stored = await api('POST', `/payload-preferences/${key}`, {
      token,
      body: { value: { columns: ['name'] } },
    })
    expect(stored.status).toBe(200)
    const remove = () => api('DELETE', `/payload-preferences/${key}`, { token })
    const [held, other] = await heldAt('deleteOne', 'payload-preferences', remove, remove)
    expect(other.status).toBe(200)
    expect([held.status, held.body]).toEqual([404, expect.anything()])
  })
})

const lockOn = async (holder: number) => {
  const region = await payload.create({
    collection: 'regions',
    data: { name: unique('LockRegion') },
    overrideAccess: true,
  })
  return payload.create({
    collection: 'payload-locked-documents',
    data: {
      document: { relationTo: 'regions', value: region.id },
      user: { relationTo: 'users', value: holder },
    },
    overrideAccess: true,
  })
}

const lockRows = async (id: number) =>
  (
    await payload.find({
      collection: 'payload-locked-documents',
      where: { id: { equals: id } },
      depth: 0,
      overrideAccess: true,
    })
  ).docs

describe('an admin edit lock cleared twice at once', () => {
  // FINDING 2: two deletes of one edit lock at once (`DELETE /api/payload-locked-documents/:id` by a super admin clearing a lock left behind, twice: a double click, two tabs): the later answers 500 "Something went wrong." (Payload's internal collections are not given the row-locked delete every OBS collection has since round 37), low
  it.failing('answers the later 404, not 500', async () => {
    const lock = await lockOn(roles.content.id)
    const clear = () =>
      api('DELETE', `/payload-locked-documents/${lock.id}`, { token: roles.super_admin.token })
    const [held, other] = await heldAt('deleteOne', 'payload-locked-documents', clear, clear)
    expect(other.status).toBe(200)
    expect(held.status).toBe(404)
  })
})

describe('an admin edit lock cleared while another staff member takes it over', () => {
  // FINDING 3: a super admin's clearing of an edit lock (`DELETE /api/payload-locked-documents/:id`, 200) is undone by a take-over read just before it (ops' `PATCH` naming themselves, the admin's "take over" button): the PATCH answers 200 and Payload's write of the missing row inserts it again, so the document stays locked to ops for another five minutes and the cleared lock is back (round 38's "no write brings a deleted row back" not given to the admin's internal collections), low
  it.failing('keeps the cleared lock cleared', async () => {
    const lock = await lockOn(roles.content.id)
    const takeOver = () =>
      api('PATCH', `/payload-locked-documents/${lock.id}`, {
        token: roles.ops_manager.token,
        body: { user: { relationTo: 'users', value: roles.ops_manager.id } },
      })
    const clear = () =>
      api('DELETE', `/payload-locked-documents/${lock.id}`, { token: roles.super_admin.token })
    const [, cleared] = await heldAt('updateOne', 'payload-locked-documents', takeOver, clear)
    expect(cleared.status).toBe(200)
    expect(await lockRows(lock.id)).toEqual([])
  })
})
