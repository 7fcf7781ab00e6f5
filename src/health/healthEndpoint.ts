import { sql } from '@payloadcms/db-postgres'
import type { Endpoint } from 'payload'

import { env } from '@/config/env'
import { sqlStatementCount } from '@/db/queryCounter'

/** Load balancers and uptime checks: 200 when the database answers, 503 when not. */
export const healthEndpoint: Endpoint = {
  path: '/health',
  method: 'get',
  handler: async (req) => {
    const started = Date.now()
    try {
      await req.payload.db.drizzle.execute(sql`select 1`)
      return Response.json({
        status: 'ok',
        database: { status: 'up', latencyMs: Date.now() - started },
        // Only under `npm run bench` (SQL_QUERY_COUNTER): statements sent so far, this one included.
        ...(env.sqlQueryCounter ? { sqlStatements: sqlStatementCount() } : {}),
      })
    } catch (err) {
      req.payload.logger.error({ err, msg: 'health check: database unreachable' })
      return Response.json({ status: 'error', database: { status: 'down' } }, { status: 503 })
    }
  },
}
