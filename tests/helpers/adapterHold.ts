import { jest } from '@jest/globals'
import type { Payload } from 'payload'

export type Answer = { status: number; body: any }

type AdapterCall = (args: any) => Promise<unknown>

/**
 * Holds the first call of Payload's adapter `method` on `collection` (before it reaches the
 * database, or after it answered: `when`), runs `held` to that point, starts `other`, gives it
 * half a second (it may answer, or wait for a lock `held` has), then lets `held` go. Answers
 * `[held's, other's]`: a race between two requests, in the one order every run.
 */
async function holdAtCall(
  payload: Payload,
  method: string,
  when: 'before' | 'after',
  collection: string,
  held: () => Promise<Answer>,
  other: () => Promise<Answer>,
): Promise<[Answer, Answer]> {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let reached!: () => void
  const atCall = new Promise<void>((resolve) => (reached = resolve))
  const db = payload.db as unknown as Record<string, AdapterCall>
  const original = db[method].bind(payload.db)
  let calls = 0
  const holdOnce = async (args: any) => {
    if (args?.collection === collection && calls++ === 0) {
      reached()
      await gate
    }
  }
  const spy = jest.spyOn(db, method).mockImplementation(async (args: any) => {
    if (when === 'before') {
      await holdOnce(args)
      return original(args)
    }
    const answer = await original(args)
    await holdOnce(args)
    return answer
  })
  try {
    const first = held()
    await Promise.race([atCall, first])
    const second = other()
    await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 500))])
    release()
    return [await first, await second]
  } finally {
    spy.mockRestore()
  }
}

/**
 * Runs `held` until Payload's adapter is asked to `method` (`deleteOne`, `updateOne`) a row of
 * `collection` and holds it there while `other` runs (see holdAtCall).
 */
export const holdAtAdapter = (
  payload: Payload,
  method: 'deleteOne' | 'updateOne',
  collection: string,
  held: () => Promise<Answer>,
  other: () => Promise<Answer>,
) => holdAtCall(payload, method, 'before', collection, held, other)

/**
 * Runs `held` until Payload has read its rows for a bulk edit (its first `find` on `collection`
 * has answered) and holds it there while `other` runs, then lets it write what it read: a write
 * of rows read before `other` changed or deleted them (see holdAtCall).
 */
export const holdAfterRead = (
  payload: Payload,
  collection: string,
  held: () => Promise<Answer>,
  other: () => Promise<Answer>,
) => holdAtCall(payload, 'find', 'after', collection, held, other)
