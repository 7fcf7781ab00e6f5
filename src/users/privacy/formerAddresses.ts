import { sql } from '@payloadcms/db-postgres'

import type { SqlRunner } from '@/db/transaction'

import { EMAIL_CHANGE_NOTICE_KEY } from '../hooks/emailChange'

/**
 * What an erasure must also find among the messages besides the account's current
 * addresses: the notice of each of its e-mail changes (by key, whoever holds that address
 * now) and the addresses it gave up, which only those notices still record (for an account
 * that had no address, the phone the notice was texted to). An address or phone another
 * account holds today is left out, so erasing this one keeps that person's messages.
 */
export async function formerAddresses(
  db: SqlRunner,
  userId: number,
): Promise<{ addresses: string[]; noticeKeys: string[] }> {
  const { rows } = await db.execute(sql`
    select d."key" as key, d."to" as address,
      exists (select 1 from users u
        where (lower(u.email) = lower(d."to") or u.phone = d."to") and u.id <> ${userId})
        as taken
    from email_changes c
    join notification_deliveries d on d."key" = ${EMAIL_CHANGE_NOTICE_KEY} || c.id
    where c.user_id = ${userId}`)
  return {
    addresses: rows
      .filter((row) => !row.taken && typeof row.address === 'string')
      .map((row) => row.address as string),
    noticeKeys: rows.map((row) => row.key as string),
  }
}
