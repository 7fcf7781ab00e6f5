import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_media_visibility" AS ENUM('catalog', 'public', 'private');
  ALTER TABLE "media" ADD COLUMN "visibility" "enum_media_visibility" DEFAULT 'catalog';
  ALTER TABLE "media" ADD COLUMN "uploaded_by_id" integer;
  ALTER TABLE "media" ADD CONSTRAINT "media_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "media_visibility_idx" ON "media" USING btree ("visibility");
  CREATE INDEX "media_uploaded_by_idx" ON "media" USING btree ("uploaded_by_id");`)

  // Uploads made before this had no uploader or visibility. Only what a trek, a guide or a
  // badge shows is known to be catalog material; every other upload may be a member's (an
  // old or unused profile photo, a post picture) and gets the member rule: private unless a
  // published post or the feed shows it. Staff other than guides still see them all.
  await db.execute(sql`
   UPDATE "media" m SET "visibility" = 'private'
   WHERE NOT EXISTS (SELECT 1 FROM "treks" t WHERE t.hero_image_id = m.id OR t.gpx_file_id = m.id)
     AND NOT EXISTS (SELECT 1 FROM "guides" g WHERE g.photo_id = m.id)
     AND NOT EXISTS (SELECT 1 FROM "badges" b WHERE b.icon_id = m.id);`)
  // The member a profile photo or a post picture belongs to is its likely uploader, so their
  // erasure removes it.
  await db.execute(sql`
   UPDATE "media" m SET "uploaded_by_id" = coalesce(
       (SELECT u.id FROM "users" u WHERE u.profile_photo_id = m.id ORDER BY u.id LIMIT 1),
       (SELECT p.author_id FROM "posts_rels" r JOIN "posts" p ON p.id = r.parent_id
        WHERE r.path = 'media' AND r.media_id = m.id ORDER BY p.id LIMIT 1))
   WHERE m.visibility = 'private';`)
  // Frozen copy of the rule in src/media/visibility.ts at the time of writing.
  await db.execute(sql`
   UPDATE "media" m SET "visibility" = 'public'
   WHERE m.visibility = 'private' AND (
     EXISTS (SELECT 1 FROM "posts_rels" r JOIN "posts" p ON p.id = r.parent_id
             WHERE r.path = 'media' AND r.media_id = m.id AND p.status = 'published')
     OR EXISTS (SELECT 1 FROM "users" u JOIN "posts" p ON p.author_id = u.id
                WHERE u.profile_photo_id = m.id AND u.id = m.uploaded_by_id
                  AND p.status = 'published'));`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "media" DROP CONSTRAINT "media_uploaded_by_id_users_id_fk";
  
  DROP INDEX "media_visibility_idx";
  DROP INDEX "media_uploaded_by_idx";
  ALTER TABLE "media" DROP COLUMN "visibility";
  ALTER TABLE "media" DROP COLUMN "uploaded_by_id";
  DROP TYPE "public"."enum_media_visibility";`)
}
