import type { CollectionBeforeChangeHook } from 'payload'

/**
 * The card fields (next departure, seats left) describe the trek's own batches, and a new
 * trek has none. A duplicate starts from the copied trek's row, card included, so the copy
 * would advertise the original's date and price until its first batch; clear them here.
 */
export const startWithoutDepartures: CollectionBeforeChangeHook = ({ data, operation }) => {
  if (operation !== 'create') {
    return data
  }
  return { ...data, nextBatch: { startDate: null, price: null }, seatsLeft: null }
}

/** A copy of a trek is a new page to prepare: it starts as a draft whoever copies it. */
export const duplicateAsDraft = () => 'draft'
