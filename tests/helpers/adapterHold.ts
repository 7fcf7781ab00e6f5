import { jest } from '@jest/globals'
import type { Payload } from 'payload'

export type Answer = { status: number; body: any }

/**
 * Runs `held` until Payload's adapter is asked to `method` (`deleteOne`, `updateOne`) a row of
 * `collection`, holds it there, starts `other`, gives it half a second (it may answer, or wait
 * for the row lock `held` took before the adapter call), then lets `held` go. Answers
 * `[held's, other's]`: a race between two requests, in the one order every run.
 */
export async function holdAtAdapter(
  payload: Payload,
  method: 'deleteOne' | 'updateOne',
  collection: string,
  held: () => Promise<Answer>,
  other: () => Promise<Answer>,
): Promise<[Answer, Answer]> {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let reached!: () => void
  const atCall = new Promise<void>((resolve) => (reached = resolve))
  const db = payload.db as unknown as Record<string, (args: any) => Promise<unknown>>
  const original = db[method].bind(payload.db)
  let calls = 0
  const spy = jest.spyOn(db, method).mockImplementation(async (args: any) => {
    if (args?.collection === collection && calls++ === 0) {
      reached()
      await gate
    }
    return original(args)
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
 * Runs `held` until Payload has read its rows for a bulk edit (its first `find` on `collection`
 * has answered), holds it there, starts `other`, gives it half a second (it may answer, or wait
 * for a lock `held` has), then lets `held` go on to write what it read. Answers
 * `[held's, other's]`: a write of rows read before `other` changed or deleted them.
 */
export async function holdAfterRead(
  payload: Payload,
  collection: string,
  held: () => Promise<Answer>,
  other: () => Promise<Answer>,
): Promise<[Answer, Answer]> {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let reached!: () => void
  const atRead = new Promise<void>((resolve) => (reached = resolve))
  const db = payload.db as unknown as Record<string, (args: any) => Promise<unknown>>
  const original = db.find.bind(payload.db)
  let calls = 0
  const spy = jest.spyOn(db, 'find').mockImplementation(async (args: any) => {
    const found = await original(args)
    if (args?.collection === collection && calls++ === 0) {
      reached()
      await gate
    }
    return found
  })
  try {
    const first = held()
    await Promise.race([atRead, first])
    const second = other()
    await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 500))])
    release()
    return [await first, await second]
  } finally {
    spy.mockRestore()
  }
}
