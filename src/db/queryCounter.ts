import pg from 'pg'

let statements = 0

/** Statements sent to PostgreSQL by this process since it started (with SQL_QUERY_COUNTER). */
export const sqlStatementCount = () => statements

/**
 * A `pg` module whose pool counts every statement its clients send, inside transactions
 * or not. `npm run bench` turns it on to report SQL queries per request from the real
 * production server; a plain server never loads it.
 */
export function countingPg(base: typeof pg = pg): typeof pg {
  class CountingPool extends base.Pool {
    constructor(config?: pg.PoolConfig) {
      super(config)
      this.on('connect', (client) => {
        const send = client.query.bind(client) as (...args: unknown[]) => unknown
        ;(client as unknown as { query: (...args: unknown[]) => unknown }).query = (
          ...args: unknown[]
        ) => {
          statements += 1
          return send(...args)
        }
      })
    }
  }
  return { ...base, Pool: CountingPool } as typeof pg
}
