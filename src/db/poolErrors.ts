import pg from 'pg'
import type { Payload } from 'payload'

let report: (err: Error) => void = () => undefined

/**
 * When PostgreSQL restarts or drops a connection that sits idle in the pool, pg's Pool emits
 * 'error'. With no listener Node treats that as an uncaught exception and the whole service
 * exits. The pool has already thrown the dead client away and opens a fresh one on the next
 * query, so the right response is to note it and carry on.
 */
export function withPoolErrorsHandled(base: typeof pg): typeof pg {
  class ResilientPool extends base.Pool {
    constructor(options?: pg.PoolConfig) {
      super(options)
      this.on('error', (err) => report(err))
    }
  }
  return { ...base, Pool: ResilientPool } as unknown as typeof pg
}

/** Logs dropped idle connections through Payload's logger once Payload is up. */
export function reportPoolErrors(payload: Payload) {
  report = (err) =>
    payload.logger.warn({
      msg: 'database connection dropped; the pool will reconnect',
      code: (err as { code?: string }).code,
      error: err.message,
    })
}

export { pg }
