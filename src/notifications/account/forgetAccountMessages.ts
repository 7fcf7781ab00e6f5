import { sql } from '@payloadcms/db-postgres'

import type { SqlRunner } from '@/db/transaction'

import { SEND_EMAIL_CONFIRMATION } from './confirmationMailTask'
import { SEND_EMAIL_CHANGE_UNDO } from './emailUndoMailTask'
import { SEND_EMAIL_ADDED_UNDO } from './emailUndoSmsTask'
import { SEND_PASSWORD_RESET } from './passwordResetMailTask'
import { SEND_ACCOUNT_VERIFICATION } from './verificationMailTask'

const ACCOUNT_MESSAGE_TASKS = [
  SEND_EMAIL_CONFIRMATION,
  SEND_EMAIL_CHANGE_UNDO,
  SEND_EMAIL_ADDED_UNDO,
  SEND_PASSWORD_RESET,
  SEND_ACCOUNT_VERIFICATION,
]

/**
 * Drops the account messages still queued for an erased account (review round 28: a reset or
 * verification link asked for just before an erasure went out after it, to the erased address
 * and name, and its job kept both). One a worker is running is left to it: it finds the account
 * erased and sends nothing (accountGone). Run in the erasure's transaction.
 */
export async function forgetAccountMessages(db: SqlRunner, userId: number): Promise<void> {
  await db.execute(sql`
    delete from payload_jobs
    where completed_at is null and processing = false
      and task_slug in (${sql.join(
        ACCOUNT_MESSAGE_TASKS.map((task) => sql`${task}`),
        sql`, `,
      )})
      and input->>'account' = ${String(userId)}`)
}
