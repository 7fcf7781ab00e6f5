import type { Payload } from 'payload'

import type { PayloadLockedDocument } from '@/payload-types'

import { raceBehindHeldRow } from './lockWaits'

/**
 * A staff member's save of a document they have open in the admin, paused between its read
 * and its write while `racing` runs: Payload's save clears the editor's own edit lock after
 * reading the document, and a second connection holds that lock row. Answers the save's and
 * the racing request's results once both are done.
 */
export async function raceAnEditPausedAfterItsRead<Edit, Racing>(
  payload: Payload,
  race: {
    document: NonNullable<PayloadLockedDocument['document']>
    editor: number
    edit: () => Promise<Edit>
    racing: () => Promise<Racing>
  },
): Promise<[Edit, Racing]> {
  const lock = await payload.create({
    collection: 'payload-locked-documents',
    data: { document: race.document, user: { relationTo: 'users', value: race.editor } },
    overrideAccess: true,
  })
  return raceBehindHeldRow({
    table: 'payload_locked_documents',
    id: lock.id,
    queued: race.edit,
    racing: race.racing,
  })
}
