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

export type Statement = { text: string; values: unknown[] }

/**
 * Every statement PostgreSQL receives while `fn` runs, those inside transactions included
 * (countQueries sees only the pool's own queries): the pool's client class is wrapped, and
 * every pooled connection, transaction or not, sends through it.
 */
export async function countStatements<T>(
  payload: Payload,
  fn: () => Promise<T>,
): Promise<{ result: T; statements: Statement[] }> {
  const pool = (payload.db as unknown as { pool: { Client: { prototype: { query: any } } } }).pool
  const prototype = pool.Client.prototype
  const original = prototype.query
  const statements: Statement[] = []
  prototype.query = function (this: unknown, ...args: any[]) {
    const [first, second] = args
    const text = typeof first === 'string' ? first : (first?.text ?? String(first))
    const values = (Array.isArray(second) ? second : first?.values) ?? []
    statements.push({ text, values })
    return original.apply(this, args)
  }
  try {
    const result = await fn()
    return { result, statements }
  } finally {
    prototype.query = original
  }
}
