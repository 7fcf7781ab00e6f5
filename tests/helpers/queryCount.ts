import type { Payload } from 'payload'

export type Statement = { text: string; values: unknown[] }

type Queryable = { query: (...args: any[]) => any }

/** What every `query` call on `target` sends while `fn` runs; `query` is put back after. */
async function recordStatements<T>(
  target: Queryable,
  fn: () => Promise<T>,
): Promise<{ result: T; statements: Statement[] }> {
  const original = target.query
  const statements: Statement[] = []
  target.query = function (this: unknown, ...args: any[]) {
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
    target.query = original
  }
}

const poolOf = (payload: Payload) =>
  (payload.db as unknown as { pool: Queryable & { Client: { prototype: Queryable } } }).pool

/**
 * Counts the SQL statements PostgreSQL receives while `fn` runs, by wrapping the
 * adapter's pool. Used to prove list endpoints cost a constant number of queries.
 */
export async function countQueries<T>(
  payload: Payload,
  fn: () => Promise<T>,
): Promise<{ result: T; queries: string[] }> {
  const { result, statements } = await recordStatements(poolOf(payload), fn)
  return { result, queries: statements.map((statement) => statement.text) }
}

/**
 * Every statement PostgreSQL receives while `fn` runs, those inside transactions included
 * (countQueries sees only the pool's own queries): the pool's client class is wrapped, and
 * every pooled connection, transaction or not, sends through it.
 */
export async function countStatements<T>(
  payload: Payload,
  fn: () => Promise<T>,
): Promise<{ result: T; statements: Statement[] }> {
  return recordStatements(poolOf(payload).Client.prototype, fn)
}
