import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_notification_deliveries_template" ADD VALUE 'phone_taken_off_notice' BEFORE 'provider_linked_notice';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'sendEmailChangeUndo' BEFORE 'evaluateBadges';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'sendEmailChangeUndo' BEFORE 'evaluateBadges';
  ALTER TABLE "users" ADD COLUMN "phone_changed_by" varchar;
  ALTER TABLE "users" ADD COLUMN "phone_taken_off" varchar;
  ALTER TABLE "users" ADD COLUMN "phone_taken_off_at" timestamp(3) with time zone;
  ALTER TABLE "email_changes" ADD COLUMN "previous_email" varchar;
  ALTER TABLE "email_changes" ADD COLUMN "undo_token_hash" varchar;
  ALTER TABLE "email_changes" ADD COLUMN "undo_expires_at" timestamp(3) with time zone;
  ALTER TABLE "email_changes" ADD COLUMN "undone_at" timestamp(3) with time zone;
  CREATE INDEX "users_phone_taken_off_idx" ON "users" USING btree ("phone_taken_off");
  CREATE INDEX "email_changes_previous_email_idx" ON "email_changes" USING btree ("previous_email");
  CREATE UNIQUE INDEX "email_changes_undo_token_hash_idx" ON "email_changes" USING btree ("undo_token_hash");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "notification_deliveries" ALTER COLUMN "template" SET DATA TYPE text;
  DROP TYPE "public"."enum_notification_deliveries_template";
  CREATE TYPE "public"."enum_notification_deliveries_template" AS ENUM('booking_confirmed', 'booking_cancelled', 'payment_received', 'pre_trek_reminder', 'sos_alert', 'email_change_notice', 'password_changed_notice', 'phone_changed_notice', 'provider_linked_notice');
  ALTER TABLE "notification_deliveries" ALTER COLUMN "template" SET DATA TYPE "public"."enum_notification_deliveries_template" USING "template"::"public"."enum_notification_deliveries_template";
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireBookingHolds', 'refreshTrekCards', 'sendNotification', 'sendPreTrekReminders', 'sendOtpSms', 'sendEmailConfirmation', 'sendPasswordReset', 'evaluateBadges', 'refundRazorpayPayment', 'advanceBatchLifecycle');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireBookingHolds', 'refreshTrekCards', 'sendNotification', 'sendPreTrekReminders', 'sendOtpSms', 'sendEmailConfirmation', 'sendPasswordReset', 'evaluateBadges', 'refundRazorpayPayment', 'advanceBatchLifecycle');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "users_phone_taken_off_idx";
  DROP INDEX "email_changes_previous_email_idx";
  DROP INDEX "email_changes_undo_token_hash_idx";
  ALTER TABLE "users" DROP COLUMN "phone_changed_by";
  ALTER TABLE "users" DROP COLUMN "phone_taken_off";
  ALTER TABLE "users" DROP COLUMN "phone_taken_off_at";
  ALTER TABLE "email_changes" DROP COLUMN "previous_email";
  ALTER TABLE "email_changes" DROP COLUMN "undo_token_hash";
  ALTER TABLE "email_changes" DROP COLUMN "undo_expires_at";
  ALTER TABLE "email_changes" DROP COLUMN "undone_at";`)
}
