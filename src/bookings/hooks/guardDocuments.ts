import { APIError, type CollectionBeforeChangeHook } from 'payload'

import { isTrekker, type AuthUser } from '@/access/roles'

export const DOCUMENT_FIELDS = [
  'healthDeclarationSigned',
  'waiverSigned',
  'idDocumentUploaded',
] as const

/**
 * A copy of a booking (Payload's duplicate; the desk copies one for another trekker) starts
 * with every document unsigned: a health declaration, a waiver and an ID check are the source
 * trekker's own, never the new one's (round 18). Runs on the source before the copy's create,
 * whoever copies it, so the outcome no longer depends on whether the copier may write the boxes.
 */
export const startUnsigned = () => false

export function documentsComplete(booking: Record<string, unknown>): boolean {
  return DOCUMENT_FIELDS.every((field) => booking[field] === true)
}

/**
 * A trekker can sign a document but not take the signature back (cs can, for a
 * mistake); `documentsComplete` always follows the three boxes.
 */
export const guardDocuments: CollectionBeforeChangeHook = ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (operation !== 'update') {
    return data
  }
  if (isTrekker(req.user as AuthUser)) {
    // Sent as anything but `true` (false, null, ""): a signature taken back (review round 28:
    // `null` cleared it).
    const unsigned = DOCUMENT_FIELDS.filter(
      (field) => originalDoc?.[field] === true && data[field] !== undefined && data[field] !== true,
    )
    if (unsigned.length > 0) {
      throw new APIError('A signed document cannot be withdrawn; contact our support team', 400)
    }
  }
  return { ...data, documentsComplete: documentsComplete({ ...originalDoc, ...data }) }
}
