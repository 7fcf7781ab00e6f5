import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { postgresAdapter } from '@payloadcms/db-postgres'

import { oneActiveBookingPerBatch } from '@/bookings/schema'
import { env } from '@/config/env'

import { embeddedPg } from './embeddedPostgres'
import { pg, withPoolErrorsHandled } from './poolErrors'
import { countingPg } from './queryCounter'
import { statementTimeoutPoolOptions } from './statementTimeout'

const migrationDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations')

/**
 * PostgreSQL through DATABASE_URI, or the embedded PGlite database when it is unset.
 * The schema comes from committed migrations; `DB_PUSH=true` is for local experiments.
 * Read replicas (DATABASE_READ_REPLICA_URIS) take Payload's reads; writes, transactions
 * and raw statements stay on the primary.
 */
export function databaseAdapter() {
  return postgresAdapter({
    migrationDir,
    push: env.dbPush,
    afterSchemaInit: [oneActiveBookingPerBatch],
    ...(env.databaseUri
      ? {
          // The bench counts statements per request; a plain server never wraps pg for it.
          pg: withPoolErrorsHandled(env.sqlQueryCounter ? countingPg(pg) : pg) as never,
          // Read replicas are opened with these same options, timeout included.
          pool: {
            connectionString: env.databaseUri,
            max: env.databasePoolMax,
            ...statementTimeoutPoolOptions(),
          },
          ...(env.databaseReadReplicaUris.length > 0
            ? { readReplicas: env.databaseReadReplicaUris }
            : {}),
        }
      : // Two copies of pg's typings meet here; the runtime module is the same.
        { pg: withPoolErrorsHandled(embeddedPg(env.embeddedDataDir)) as never, pool: {} }),
  })
}

export const usesEmbeddedDatabase = !env.databaseUri
