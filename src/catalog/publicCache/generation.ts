import type { Payload } from 'payload'

import { queryRows, sql } from '@/shared/sql'

/**
 * The catalog's generation: a number that grows with every committed catalog or seat
 * change, on any instance. Cached public responses are kept under the generation read
 * before they were computed and thrown away as soon as it moves.
 *
 * It lives in Payload's key-value table as rows rather than one counter: each writing
 * transaction inserts its own row (keyed by its transaction id), so writers never queue
 * on a shared row or deadlock with the batch locks bookings take, and the row becomes
 * visible exactly when its transaction commits, together with the change it announces.
 * The generation is the base row plus the number of write rows; compaction folds write
 * rows into the base in one transaction, which leaves the sum unchanged.
 */

const BASE_KEY = 'catalog-generation'
const WRITE_PATTERN = 'catalog-write:%'
/** Write rows tolerated before a reader folds them into the base row. */
const COMPACT_AFTER = 200

type RequestLike = Parameters<typeof queryRows>[0]

export async function markCatalogChanged(req: RequestLike): Promise<void> {
  await queryRows(
    req,
    sql`insert into payload_kv (key, data)
        values ('catalog-write:' || txid_current()::text, '1'::jsonb)
        on conflict (key) do nothing`,
  )
}

const noRequest = (payload: Payload): RequestLike => ({ payload, transactionID: undefined })

async function queryGeneration(payload: Payload): Promise<{ generation: number; rows: number }> {
  const [row] = await queryRows<{ generation: string; rows: number }>(
    noRequest(payload),
    sql`select coalesce(sum(case when key = ${BASE_KEY}
                                 then (data #>> '{}')::bigint else 1 end), 0)::text as generation,
               count(*)::int as rows
        from payload_kv where key = ${BASE_KEY} or key like ${WRITE_PATTERN}`,
  )
  return { generation: Number(row?.generation ?? 0), rows: Number(row?.rows ?? 0) }
}

async function compact(payload: Payload): Promise<void> {
  await queryRows(
    noRequest(payload),
    sql`with gone as (delete from payload_kv where key like ${WRITE_PATTERN} returning 1)
        insert into payload_kv (key, data)
        select ${BASE_KEY}, to_jsonb((select count(*) from gone))
        on conflict (key) do update
          set data = to_jsonb((payload_kv.data #>> '{}')::bigint + (excluded.data #>> '{}')::bigint)`,
  )
}

/**
 * Reads the generation for many concurrent callers with few queries. A caller may share
 * only a query that starts after it arrived: one already on its way may have taken its
 * snapshot before a write the caller has seen committed (a booking it just made), so
 * later callers wait for the next query instead.
 */
export class GenerationReader {
  private running: Promise<number> | null = null
  private next: Promise<number> | null = null
  private compacting = false

  constructor(private readonly payload: Payload) {}

  read(): Promise<number> {
    if (!this.running) {
      return this.start()
    }
    this.next ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.next = null
        return this.start()
      })
    return this.next
  }

  private start(): Promise<number> {
    const query = queryGeneration(this.payload).then(({ generation, rows }) => {
      if (rows > COMPACT_AFTER) {
        this.compactInBackground()
      }
      return generation
    })
    const running = query.finally(() => {
      if (this.running === running) {
        this.running = null
      }
    })
    this.running = running
    return running
  }

  private compactInBackground() {
    if (this.compacting) {
      return
    }
    this.compacting = true
    compact(this.payload)
      .catch((err) =>
        this.payload.logger.warn({ err, msg: 'catalog generation compaction failed' }),
      )
      .finally(() => {
        this.compacting = false
      })
  }
}
