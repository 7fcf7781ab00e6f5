import { ValidationError, type CollectionBeforeChangeHook } from 'payload'

import { batchesStillLed } from '@/catalog/batchesStillLed'
import { lockRow } from '@/shared/sql'

/**
 * A guide card's account receives the SOS of the card's batches (review round 23: a demoted
 * guide kept receiving them). Taking the role `guide` away is refused while the card leads a
 * batch still under way or ahead (batchesStillLed: a departure called off on the way counts
 * until its last day), as deleting the account is (assign another guide
 * first: unlinking would leave that departure's SOS with only the satellite phone); otherwise
 * the card is unlinked, so the former guide hears of no later SOS and reads no incidents.
 */
export const leaveGuideRole: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  operation,
  req,
}) => {
  if (
    operation !== 'update' ||
    originalDoc?.staffRole !== 'guide' ||
    !data ||
    !('staffRole' in data) ||
    data.staffRole === 'guide'
  ) {
    return data
  }
  // The account's lock first, as linking a card takes it (guideCardNeedsGuideAccount): a card
  // linked at this moment is found below, not missed (review round 25).
  if (req.transactionID) {
    await lockRow(req, 'users', Number(originalDoc.id))
  }
  const common = { depth: 0, overrideAccess: true, req } as const
  const { docs: cards } = await req.payload.find({
    collection: 'guides',
    where: { user: { equals: originalDoc.id } },
    select: {},
    limit: 1,
    ...common,
  })
  if (cards.length === 0) {
    return data
  }
  const { totalDocs } = await req.payload.count({
    collection: 'batches',
    where: { and: [{ guide: { equals: cards[0].id } }, batchesStillLed()] },
    ...common,
  })
  if (totalDocs > 0) {
    throw new ValidationError({
      collection: 'users',
      errors: [
        {
          message:
            'This account is the guide of upcoming batches: assign another guide first, then change the role.',
          path: 'staffRole',
        },
      ],
      req,
    })
  }
  await req.payload.update({
    collection: 'guides',
    id: cards[0].id,
    data: { user: null },
    ...common,
  })
  return data
}
