import { sql, type postgresAdapter } from '@payloadcms/db-postgres'
import { uniqueIndex } from '@payloadcms/db-postgres/drizzle/pg-core'

type PostgresSchemaHook = NonNullable<
  Parameters<typeof postgresAdapter>[0]['afterSchemaInit']
>[number]

/**
 * The database's own guard for "one active booking per trekker and batch": a partial
 * unique index over pending and confirmed rows. The booking hook already refuses a second
 * seat under the batch lock; this stops any write that goes around it.
 */
export const oneActiveBookingPerBatch: PostgresSchemaHook = ({ extendTable, schema }) => {
  extendTable({
    table: schema.tables.bookings,
    extraConfig: (table) => ({
      bookings_one_active_per_user_batch: uniqueIndex('bookings_one_active_per_user_batch')
        .on(table.user, table.batch)
        .where(sql`status IN ('pending', 'confirmed')`),
    }),
  })
  return schema
}
