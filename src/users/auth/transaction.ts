import { commitTransaction, initTransaction, killTransaction, type PayloadRequest } from 'payload'

/** Runs `work` in the request's transaction: all of it lands, or none of it. */
export async function inTransaction<T>(req: PayloadRequest, work: () => Promise<T>): Promise<T> {
  const shouldCommit = await initTransaction(req)
  try {
    const result = await work()
    if (shouldCommit) {
      await commitTransaction(req)
    }
    return result
  } catch (err) {
    await killTransaction(req)
    throw err
  }
}
