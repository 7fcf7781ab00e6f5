import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_notification_deliveries_template" ADD VALUE 'email_change_notice';
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'sendEmailConfirmation' BEFORE 'evaluateBadges';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'sendEmailConfirmation' BEFORE 'evaluateBadges';
  CREATE TABLE "email_changes" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"user_id" integer NOT NULL,
  	"email" varchar NOT NULL,
  	"token_hash" varchar NOT NULL,
  	"expires_at" timestamp(3) with time zone NOT NULL,
  	"used_at" timestamp(3) with time zone,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "users" ADD COLUMN "pending_email" varchar;
  ALTER TABLE "users" ADD COLUMN "pending_phone" varchar;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "email_changes_id" integer;
  ALTER TABLE "email_changes" ADD CONSTRAINT "email_changes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "email_changes_user_idx" ON "email_changes" USING btree ("user_id");
  CREATE UNIQUE INDEX "email_changes_token_hash_idx" ON "email_changes" USING btree ("token_hash");
  CREATE INDEX "email_changes_updated_at_idx" ON "email_changes" USING btree ("updated_at");
  CREATE INDEX "email_changes_created_at_idx" ON "email_changes" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_email_changes_fk" FOREIGN KEY ("email_changes_id") REFERENCES "public"."email_changes"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "users_pending_phone_idx" ON "users" USING btree ("pending_phone");
  CREATE INDEX "payload_locked_documents_rels_email_changes_id_idx" ON "payload_locked_documents_rels" USING btree ("email_changes_id");
  ALTER TABLE "users" DROP COLUMN "email_pending_verification";`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "email_changes" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "email_changes" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_email_changes_fk";
  
  ALTER TABLE "notification_deliveries" ALTER COLUMN "template" SET DATA TYPE text;
  DROP TYPE "public"."enum_notification_deliveries_template";
  CREATE TYPE "public"."enum_notification_deliveries_template" AS ENUM('booking_confirmed', 'booking_cancelled', 'payment_received', 'pre_trek_reminder', 'sos_alert');
  ALTER TABLE "notification_deliveries" ALTER COLUMN "template" SET DATA TYPE "public"."enum_notification_deliveries_template" USING "template"::"public"."enum_notification_deliveries_template";
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'expireBookingHolds', 'refreshTrekCards', 'sendNotification', 'sendPreTrekReminders', 'sendOtpSms', 'evaluateBadges', 'refundRazorpayPayment', 'advanceBatchLifecycle');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'expireBookingHolds', 'refreshTrekCards', 'sendNotification', 'sendPreTrekReminders', 'sendOtpSms', 'evaluateBadges', 'refundRazorpayPayment', 'advanceBatchLifecycle');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "users_pending_phone_idx";
  DROP INDEX "payload_locked_documents_rels_email_changes_id_idx";
  ALTER TABLE "users" ADD COLUMN "email_pending_verification" boolean DEFAULT false;
  ALTER TABLE "users" DROP COLUMN "pending_email";
  ALTER TABLE "users" DROP COLUMN "pending_phone";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "email_changes_id";`)
}
