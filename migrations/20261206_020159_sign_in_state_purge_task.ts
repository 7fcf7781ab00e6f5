import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'purgeSpentSignInState' BEFORE 'advanceBatchLifecycle';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'purgeSpentSignInState' BEFORE 'advanceBatchLifecycle';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireBookingHolds', 'refreshTrekCards', 'sendNotification', 'sendPreTrekReminders', 'sendOtpSms', 'sendEmailConfirmation', 'sendPasswordReset', 'sendEmailChangeUndo', 'sendEmailAddedUndo', 'sendAccountVerification', 'evaluateBadges', 'refundRazorpayPayment', 'advanceBatchLifecycle');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireBookingHolds', 'refreshTrekCards', 'sendNotification', 'sendPreTrekReminders', 'sendOtpSms', 'sendEmailConfirmation', 'sendPasswordReset', 'sendEmailChangeUndo', 'sendEmailAddedUndo', 'sendAccountVerification', 'evaluateBadges', 'refundRazorpayPayment', 'advanceBatchLifecycle');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";`)
}
