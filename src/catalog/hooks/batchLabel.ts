import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import { queryRows, sql } from '@/shared/sql'
import { BUSINESS_TIME_ZONE } from '@/shared/time'

const startFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: BUSINESS_TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
})

/** "Har Ki Dun Valley Trek · 12 Jan 2027": how staff tell batches apart when picking one. */
export function batchLabel(trekName: string, startDate: Date | string): string {
  return `${trekName} · ${startFormat.format(new Date(startDate))}`
}

const trekIdOf = (value: unknown) =>
  value && typeof value === 'object' ? (value as { id?: unknown }).id : value

/** A batch's admin title follows its trek and start date, whoever changes either. */
export const labelBatch: CollectionBeforeChangeHook = async ({ data, originalDoc, req }) => {
  const trekId = Number(trekIdOf(data.trek ?? originalDoc?.trek))
  const startDate = data.startDate ?? originalDoc?.startDate
  if (!Number.isInteger(trekId) || !startDate) {
    return data
  }
  const [trek] = await queryRows<{ name: string }>(
    req,
    sql`select name from treks where id = ${trekId}`,
  )
  if (trek) {
    data.label = batchLabel(trek.name, startDate)
  }
  return data
}

/** A renamed trek renames its batches' titles in the same transaction. */
export const relabelBatchesOfRenamedTrek: CollectionAfterChangeHook = async ({
  doc,
  operation,
  previousDoc,
  req,
}) => {
  if (operation !== 'update' || doc.name === previousDoc?.name) {
    return doc
  }
  const batches = await queryRows<{ id: number; start_date: string }>(
    req,
    sql`select id, start_date from batches where trek_id = ${doc.id}`,
  )
  if (batches.length === 0) {
    return doc
  }
  const labels = batches.map(
    (batch) => sql`(${batch.id}::int, ${batchLabel(doc.name, batch.start_date)}::text)`,
  )
  await queryRows(
    req,
    sql`update batches set label = relabelled.label
        from (values ${sql.join(labels, sql`, `)}) as relabelled (id, label)
        where batches.id = relabelled.id`,
  )
  return doc
}
