import pg from 'pg'
import type { Payload } from 'payload'

let report: (err: Error) => void = () => undefined

/**
 * When PostgreSQL restarts or drops a connection, pg emits 'error': on the Pool for an idle
 * connection, on the Client itself for one checked out between two statements of a
 * transaction. With no listener Node treats either as an uncaught exception and the whole
 * service exits. The statement in flight fails on its own (the request answers 500 and its
 * transaction is gone with the connection); the pool drops the dead client and opens a fresh
 * one on the next query. So the right response is to note it and carry on.
 */
export function withPoolErrorsHandled(base: typeof pg): typeof pg {
  class ResilientPool extends base.Pool {
    constructor(options?: pg.PoolConfig) {
      super(options)
      this.on('error', (err) => report(err))
      this.on('connect', (client) => client.on('error', (err) => report(err)))
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
