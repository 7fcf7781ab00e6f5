import { APIError, type CollectionBeforeChangeHook } from 'payload'

import { isTrekker, type AuthUser } from '@/access/roles'

export const DOCUMENT_FIELDS = [
  'healthDeclarationSigned',
  'waiverSigned',
  'idDocumentUploaded',
] as const

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
    const unsigned = DOCUMENT_FIELDS.filter(
      (field) => originalDoc?.[field] === true && data[field] === false,
    )
    if (unsigned.length > 0) {
      throw new APIError('A signed document cannot be withdrawn; contact our support team', 400)
    }
  }
  return { ...data, documentsComplete: documentsComplete({ ...originalDoc, ...data }) }
}
