import { commitTransaction, initTransaction, killTransaction, type PayloadRequest } from 'payload'

/**
 * Runs `work` in the request's transaction: starts one when none is open (and then commits
 * or rolls it back), or joins the caller's. Pass the same `req` to every write inside.
 */
export async function withTransaction<T>(req: PayloadRequest, work: () => Promise<T>): Promise<T> {
  const startedHere = await initTransaction(req)
  try {
    const result = await work()
    if (startedHere) {
      await commitTransaction(req)
    }
    return result
  } catch (err) {
    if (startedHere) {
      await killTransaction(req)
    }
    throw err
  }
}
