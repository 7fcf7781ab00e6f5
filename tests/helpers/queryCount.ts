import type { Payload } from 'payload'

/**
 * Counts the SQL statements PostgreSQL receives while `fn` runs, by wrapping the
 * adapter's pool. Used to prove list endpoints cost a constant number of queries.
 */
export async function countQueries<T>(
  payload: Payload,
  fn: () => Promise<T>,
): Promise<{ result: T; queries: string[] }> {
  const pool = (payload.db as unknown as { pool: { query: (...args: any[]) => any } }).pool
  const original = pool.query
  const queries: string[] = []
  pool.query = function (this: unknown, ...args: any[]) {
    const first = args[0]
    queries.push(typeof first === 'string' ? first : (first?.text ?? String(first)))
    return original.apply(this, args)
  }
  try {
    const result = await fn()
    return { result, queries }
  } finally {
    pool.query = original
  }
}
