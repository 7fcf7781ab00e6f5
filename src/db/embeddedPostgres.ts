import fs from 'node:fs'
import path from 'node:path'

import pg from 'pg'

import { claimDataDir, EmbeddedDatabaseInUseError } from './embeddedDataDirLock'

/**
 * A `pg` module whose Pool runs PGlite (PostgreSQL compiled to WASM) inside this
 * process and talks to it over a Unix socket, so a newcomer needs no database server.
 *
 * The socket lives in the data directory rather than on a TCP port so that two
 * checkouts never collide, and the database starts lazily on the first connection
 * because Payload builds the adapter long before it first queries.
 */

const SOCKET_PORT = 5432

let starting: Promise<string> | undefined

async function startEmbedded(dataDir: string): Promise<string> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket')

  const absoluteDir = path.resolve(dataDir)
  fs.mkdirSync(absoluteDir, { recursive: true })
  // Before anything touches the folder: another live process may be serving it.
  try {
    claimDataDir(absoluteDir, dataDir)
  } catch (err) {
    if (err instanceof EmbeddedDatabaseInUseError) {
      // Nothing in this process can work without its database; one plain sentence says why,
      // where Payload would bury it under "cannot connect", a stack and an unhandled rejection.
      console.error(err.message)
      process.exit(1)
    }
    throw err
  }
  const socketPath = path.join(absoluteDir, `.s.PGSQL.${SOCKET_PORT}`)
  // A socket file left by a killed process would make listen() fail with EADDRINUSE; a live
  // process's socket never gets here (claimDataDir refused).
  fs.rmSync(socketPath, { force: true })

  const db = await PGlite.create(path.join(absoluteDir, 'pgdata'))
  // Two connections: the adapter pins one for its lifetime, the other serves queries.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 2 })
  await server.start()

  const stop = () => {
    void server.stop().finally(() => db.close())
  }
  process.once('beforeExit', stop)
  return absoluteDir
}

export function embeddedPg(dataDir: string): typeof pg {
  class EmbeddedPool extends pg.Pool {
    constructor(options?: pg.PoolConfig) {
      // Exactly two: one is held by the adapter, more interleave transactions on PGlite.
      super({ ...options, max: 2, user: 'postgres', database: 'postgres' })
    }

    private async ready(): Promise<void> {
      starting ??= startEmbedded(dataDir)
      const socketDir = await starting
      const options = (this as unknown as { options: pg.PoolConfig }).options
      options.host = socketDir
      options.port = SOCKET_PORT
    }

    // pg's own query() calls connect() with a callback, so both forms must work.
    override connect(): Promise<pg.PoolClient>
    override connect(
      callback: (
        err: Error | undefined,
        client: pg.PoolClient | undefined,
        done: (release?: unknown) => void,
      ) => void,
    ): void
    override connect(callback?: (...args: never[]) => void): Promise<pg.PoolClient> | void {
      const connected = this.ready().then(() => super.connect())
      if (!callback) {
        return connected
      }
      const cb = callback as unknown as (
        err?: Error,
        client?: pg.PoolClient,
        done?: () => void,
      ) => void
      connected.then(
        (client) => cb(undefined, client, () => client.release()),
        (err: Error) => cb(err),
      )
    }
  }

  return { ...pg, Pool: EmbeddedPool } as unknown as typeof pg
}
