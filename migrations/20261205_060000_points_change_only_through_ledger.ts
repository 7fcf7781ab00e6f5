import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

/**
 * A user's `obs_points` and `tribe_tier` follow the points ledger. Payload writes a whole
 * user row back from a copy it read earlier (a password sign-in storing its session, a
 * sign-out), so a copy read just before points were given would take them away again.
 * Only the ledger's writer (src/users/loyalty/balance.ts) sets `obs.points_writer` for its
 * statement; every other update keeps the stored balance and tier.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE OR REPLACE FUNCTION obs_points_only_from_ledger() RETURNS trigger AS $$
   BEGIN
     IF coalesce(current_setting('obs.points_writer', true), '') <> 'ledger' THEN
       NEW.obs_points := OLD.obs_points;
       NEW.tribe_tier := OLD.tribe_tier;
     END IF;
     RETURN NEW;
   END $$ LANGUAGE plpgsql;
   CREATE TRIGGER users_points_only_from_ledger BEFORE UPDATE ON "users"
     FOR EACH ROW EXECUTE FUNCTION obs_points_only_from_ledger();`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP TRIGGER IF EXISTS users_points_only_from_ledger ON "users";
   DROP FUNCTION IF EXISTS obs_points_only_from_ledger();`)
}
