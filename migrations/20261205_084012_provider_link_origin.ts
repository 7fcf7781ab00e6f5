import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "users" ADD COLUMN "google_linked_by" varchar;
  ALTER TABLE "users" ADD COLUMN "google_sub_dropped" varchar;
  ALTER TABLE "users" ADD COLUMN "apple_linked_by" varchar;
  ALTER TABLE "users" ADD COLUMN "apple_sub_dropped" varchar;
  CREATE INDEX "users_google_sub_dropped_idx" ON "users" USING btree ("google_sub_dropped");
  CREATE INDEX "users_apple_sub_dropped_idx" ON "users" USING btree ("apple_sub_dropped");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "users_google_sub_dropped_idx";
  DROP INDEX "users_apple_sub_dropped_idx";
  ALTER TABLE "users" DROP COLUMN "google_linked_by";
  ALTER TABLE "users" DROP COLUMN "google_sub_dropped";
  ALTER TABLE "users" DROP COLUMN "apple_linked_by";
  ALTER TABLE "users" DROP COLUMN "apple_sub_dropped";`)
}
