import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

// Frozen copy of the label format of src/catalog/hooks/batchLabel.ts at the time of writing.
const startFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Kolkata',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
})

export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "batches" ADD COLUMN "label" varchar;`)
  // Existing batches get the title new ones get from the labelBatch hook.
  const { rows } = await db.execute(sql`
   SELECT b.id, b.start_date, t.name FROM "batches" b JOIN "treks" t ON t.id = b.trek_id`)
  for (const row of rows as Array<{ id: number; start_date: string; name: string }>) {
    const label = `${row.name} · ${startFormat.format(new Date(row.start_date))}`
    await db.execute(sql`UPDATE "batches" SET "label" = ${label} WHERE "id" = ${row.id}`)
  }
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "batches" DROP COLUMN "label";`)
}
