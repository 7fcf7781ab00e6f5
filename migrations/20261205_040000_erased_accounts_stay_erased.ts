import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

/**
 * Payload writes a whole user row back from a copy it read earlier (a password sign-in
 * storing its session, an update's merge). A copy read just before an erasure committed
 * would bring the person's e-mail, phone, name and password back. These triggers make an
 * erased account unchangeable and refuse it new sessions, whoever writes.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE OR REPLACE FUNCTION obs_keep_erased_accounts_erased() RETURNS trigger AS $$
   BEGIN
     IF OLD.erased_at IS NOT NULL THEN
       RETURN OLD;
     END IF;
     RETURN NEW;
   END $$ LANGUAGE plpgsql;
   CREATE TRIGGER users_stay_erased BEFORE UPDATE ON "users"
     FOR EACH ROW EXECUTE FUNCTION obs_keep_erased_accounts_erased();

   CREATE OR REPLACE FUNCTION obs_no_sessions_for_erased_accounts() RETURNS trigger AS $$
   BEGIN
     IF EXISTS (SELECT 1 FROM "users" WHERE id = NEW._parent_id AND erased_at IS NOT NULL) THEN
       RETURN NULL;
     END IF;
     RETURN NEW;
   END $$ LANGUAGE plpgsql;
   CREATE TRIGGER users_sessions_not_for_erased BEFORE INSERT ON "users_sessions"
     FOR EACH ROW EXECUTE FUNCTION obs_no_sessions_for_erased_accounts();`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TRIGGER IF EXISTS users_sessions_not_for_erased ON "users_sessions";
   DROP FUNCTION IF EXISTS obs_no_sessions_for_erased_accounts();
   DROP TRIGGER IF EXISTS users_stay_erased ON "users";
   DROP FUNCTION IF EXISTS obs_keep_erased_accounts_erased();`)
}
