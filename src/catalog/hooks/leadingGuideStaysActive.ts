import { ValidationError, type CollectionBeforeChangeHook } from 'payload'

import { batchesStillLed } from '@/catalog/batchesStillLed'
import { relationId } from '@/shared/relationId'
import { lockRow } from '@/shared/sql'

/**
 * A guide card is not retired (`isActive: false`) while it leads a departure still led, as it
 * is not deleted nor its account demoted: retired, it still received its trekkers' SOS, while
 * those trekkers no longer saw who leads them (the public reads active guides only; review
 * round 35). Takes the card's account lock, as an assignment of the card to a booked departure
 * does (guideCardReachesGuide), so the two see each other.
 */
export const leadingGuideStaysActive: CollectionBeforeChangeHook = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (operation !== 'update' || data?.isActive !== false || originalDoc?.isActive === false) {
    return data
  }
  const accountId = relationId(originalDoc?.user)
  if (req.transactionID && accountId) {
    await lockRow(req, 'users', accountId)
  }
  const { totalDocs } = await req.payload.count({
    collection: 'batches',
    where: { and: [{ guide: { equals: originalDoc.id } }, batchesStillLed()] },
    overrideAccess: true,
    req,
  })
  if (totalDocs > 0) {
    throw new ValidationError({
      collection: 'guides',
      errors: [
        {
          path: 'isActive',
          message:
            'This guide leads upcoming batches, whose trekkers’ SOS go to them: assign another ' +
            'guide to those batches first, then retire them.',
        },
      ],
      req,
    })
  }
  return data
}
