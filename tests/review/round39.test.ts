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
