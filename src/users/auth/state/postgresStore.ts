import { sql, type PostgresAdapter } from '@payloadcms/db-postgres'
import type { Payload, PayloadRequest } from 'payload'

import { env } from '@/config/env'
import { readDb, type SqlRunner } from '@/db/transaction'

import { storedLimitKey } from './storedKey'
import type { AuthStateStore } from './types'

/**
 * Writes go to the shared pool without the request's transaction on purpose: a rollback of
 * the caller's later work must never give back a spent try or an attempt counted.
 */
export function postgresStore(payload: Payload, req?: PayloadRequest): AuthStateStore {
  // The embedded database (no DATABASE_URI, local development only) serves every query on one
  // connection: a count taken from the pool while the caller's transaction holds it would wait
  // forever, so there it joins the transaction and a rollback may give the count back.
  const countsDb = async () =>
    !env.databaseUri && req
      ? ((await readDb(req)) as unknown as PostgresAdapter['drizzle'])
      : (payload.db as unknown as PostgresAdapter).drizzle
  // Codes likewise: a code spent inside an operation (a credential change's `currentCode`)
  // would otherwise wait for that operation's own transaction.
  const codesReq = !env.databaseUri ? req : undefined

  return {
    async hit(limit, now) {
      const windowOpensAfter = new Date(now.getTime() - limit.windowMs).toISOString()
      const at = now.toISOString()
      const key = storedLimitKey(limit.key)
      const db = await countsDb()
      const result = await db.execute(sql`
        insert into auth_throttles (key, window_start, count, updated_at, created_at)
        values (${key}, ${at}, 1, ${at}, ${at})
        on conflict (key) do update set
          count = case when auth_throttles.window_start <= ${windowOpensAfter}
            then 1 else auth_throttles.count + 1 end,
          window_start = case when auth_throttles.window_start <= ${windowOpensAfter}
            then ${at}::timestamptz else auth_throttles.window_start end,
          updated_at = ${at}
        returning count, window_start`)
      const row = result.rows[0] as { count: string | number; window_start: string | Date }
      if (Number(row.count) <= limit.max) {
        return 0
      }
      const resetsAt = new Date(row.window_start).getTime() + limit.windowMs
      return Math.max(1, Math.ceil((resetsAt - now.getTime()) / 1000))
    },

    async release(limit, now) {
      const windowOpensAfter = new Date(now.getTime() - limit.windowMs).toISOString()
      const db = await countsDb()
      await db.execute(sql`
        update auth_throttles set count = greatest(count - 1, 0), updated_at = ${now.toISOString()}
        where key = ${storedLimitKey(limit.key)} and window_start > ${windowOpensAfter}`)
    },

    async saveCode(phone, codeHash, expiresAt, now) {
      await payload.db.updateMany({
        collection: 'otp-challenges',
        where: { phone: { equals: phone }, consumedAt: { exists: false } },
        data: { consumedAt: now.toISOString() },
        req: codesReq,
      })
      await payload.db.create({
        collection: 'otp-challenges',
        data: { phone, codeHash, expiresAt: expiresAt.toISOString(), attempts: 0 },
        req: codesReq,
      })
    },

    async spendTry(phone, maxTries, now) {
      const live = await payload.db.updateOne({
        collection: 'otp-challenges',
        where: {
          phone: { equals: phone },
          consumedAt: { exists: false },
          expiresAt: { greater_than: now.toISOString() },
          attempts: { less_than: maxTries },
        },
        data: { attempts: { $inc: 1 } },
        options: { atomic: true },
        req: codesReq,
      })
      return live ? { id: String(live.id), codeHash: String(live.codeHash) } : null
    },

    async consume(_phone, id, now) {
      const spent = await payload.db.updateOne({
        collection: 'otp-challenges',
        where: { id: { equals: id }, consumedAt: { exists: false } },
        data: { consumedAt: now.toISOString() },
        options: { atomic: true },
        req: codesReq,
      })
      return Boolean(spent)
    },

    async forget(phones, limitKeys) {
      await deleteCodesAndCounts(await countsDb(), phones, limitKeys)
    },
  }
}

/**
 * Deletes the phones' codes and the counts under `limitKeys` on `db`: the pool for the store,
 * or an erasure's open transaction, so the rows go with the account or not at all.
 */
export async function deleteCodesAndCounts(
  db: SqlRunner,
  phones: string[],
  limitKeys: string[],
): Promise<void> {
  if (phones.length > 0) {
    await db.execute(
      sql`delete from otp_challenges where phone in (${sql.join(
        phones.map((phone) => sql`${phone}`),
        sql`, `,
      )})`,
    )
  }
  if (limitKeys.length > 0) {
    await db.execute(
      sql`delete from auth_throttles where key in (${sql.join(
        limitKeys.map((key) => sql`${storedLimitKey(key)}`),
        sql`, `,
      )})`,
    )
  }
}
