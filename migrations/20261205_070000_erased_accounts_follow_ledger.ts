import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

/**
 * An erased account keeps its points for the company's books, and a later points change
 * (a cancellation taking back a booking's points, a super admin's adjustment) is still a
 * ledger row. The freeze of erased rows swallowed the balance write that goes with it, so
 * ledger and balance disagreed for good. The ledger's writer may now change the balance and
 * tier of an erased row; everything else stays as the erasure left it.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE OR REPLACE FUNCTION obs_keep_erased_accounts_erased() RETURNS trigger AS $$
   DECLARE
     points users.obs_points%TYPE;
     tier users.tribe_tier%TYPE;
   BEGIN
     IF OLD.erased_at IS NULL THEN
       RETURN NEW;
     END IF;
     IF coalesce(current_setting('obs.points_writer', true), '') = 'ledger' THEN
       points := NEW.obs_points;
       tier := NEW.tribe_tier;
       NEW := OLD;
       NEW.obs_points := points;
       NEW.tribe_tier := tier;
       RETURN NEW;
     END IF;
     RETURN OLD;
   END $$ LANGUAGE plpgsql;`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   CREATE OR REPLACE FUNCTION obs_keep_erased_accounts_erased() RETURNS trigger AS $$
   BEGIN
     IF OLD.erased_at IS NOT NULL THEN
       RETURN OLD;
     END IF;
     RETURN NEW;
   END $$ LANGUAGE plpgsql;`)
}
