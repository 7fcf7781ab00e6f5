import { sql } from '@payloadcms/db-postgres'
import { APIError, type PayloadRequest } from 'payload'

import { readDb } from '@/db/transaction'
import { firstEmergencyContact, type EmergencyContactSnapshot } from '@/users'

import { ageOn } from '@/shared/time'

export function emergencySnapshot(contact: EmergencyContactSnapshot | null) {
  return {
    emergencyContactName: contact?.name ?? null,
    emergencyContactPhone: contact?.phone ?? null,
    emergencyContactRelation: contact?.relationship ?? null,
  }
}

/**
 * Copies who the trekker is at booking time onto the booking, so the roster a guide
 * carries does not change when the trekker later edits their profile.
 */
export async function snapshotTrekker(req: PayloadRequest, userId: number, now: Date) {
  // An erasure of this account holds its row until it commits: wait for it, then refuse, so a
  // booking never copies details being erased nor lands on an erased account.
  const { rows } = await (
    await readDb(req)
  ).execute(sql`select erased_at from users where id = ${userId} for share`)
  if (rows[0]?.erased_at) {
    throw new APIError('This account has been erased', 400, null, true)
  }
  const user = await req.payload.findByID({
    collection: 'users',
    id: userId,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  })
  if (!user) {
    throw new APIError('This trekker does not exist', 400)
  }
  // A seat on a staff account would put staff on a guide's roster as a trekker, and staff
  // read far more than a trekker: someone who treks with OBS books from a trekker account.
  if (user.staffRole) {
    throw new APIError('Bookings are for trekker accounts; this is a staff account', 400)
  }
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ').trim()
  return {
    trekkerName: name || user.email || null,
    trekkerAge: user.dateOfBirth ? ageOn(user.dateOfBirth, now) : null,
    trekkerPhone: user.phone ?? null,
    trekkerEmail: user.email ?? null,
    ...emergencySnapshot(await firstEmergencyContact(req, userId)),
  }
}
