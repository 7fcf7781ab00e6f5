import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_notification_deliveries_template" ADD VALUE 'provider_linked_notice';`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "notification_deliveries" ALTER COLUMN "template" SET DATA TYPE text;
  DROP TYPE "public"."enum_notification_deliveries_template";
  CREATE TYPE "public"."enum_notification_deliveries_template" AS ENUM('booking_confirmed', 'booking_cancelled', 'payment_received', 'pre_trek_reminder', 'sos_alert', 'email_change_notice', 'password_changed_notice', 'phone_changed_notice');
  ALTER TABLE "notification_deliveries" ALTER COLUMN "template" SET DATA TYPE "public"."enum_notification_deliveries_template" USING "template"::"public"."enum_notification_deliveries_template";`)
}
