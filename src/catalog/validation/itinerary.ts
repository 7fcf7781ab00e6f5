import type { NumberFieldSingleValidation, PayloadRequest } from 'payload'

import { relationId } from '@/shared/relationId'

async function trekDuration(req: PayloadRequest, trekId: number | string) {
  const trek = await req.payload.findByID({
    collection: 'treks',
    id: trekId,
    depth: 0,
    select: { durationDays: true },
    overrideAccess: true,
    disableErrors: true,
    req,
  })
  return trek?.durationDays ?? undefined
}

/**
 * A day belongs inside its trek's length and appears once per trek. Checked here so
 * the editor reads which day clashes; the unique index only backs this up in a race.
 */
export const dayNumberFitsTrek: NumberFieldSingleValidation = async (
  value,
  { req, id, siblingData },
) => {
  if (value === undefined || value === null) {
    return 'Day number is required'
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    return 'Day number must be a whole number of at least 1'
  }
  const trekId = relationId((siblingData as { trek?: unknown }).trek)
  if (trekId === null) {
    return true
  }

  const duration = await trekDuration(req, trekId)
  if (duration !== undefined && value > duration) {
    return `Day ${value} is beyond this trek's ${duration} days`
  }

  const { totalDocs } = await req.payload.count({
    collection: 'itinerary-days',
    where: {
      trek: { equals: trekId },
      dayNumber: { equals: value },
      ...(id !== undefined ? { id: { not_equals: id } } : {}),
    },
    overrideAccess: true,
    req,
  })
  return totalDocs > 0 ? `Day ${value} is already in this trek's itinerary` : true
}

/** A trek cannot be shortened below a day its itinerary still describes. */
export const durationCoversItinerary: NumberFieldSingleValidation = async (value, { req, id }) => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 60) {
    return 'Duration must be a whole number of days from 1 to 60'
  }
  if (id === undefined) {
    return true
  }
  const { docs } = await req.payload.find({
    collection: 'itinerary-days',
    where: { trek: { equals: id }, dayNumber: { greater_than: value } },
    sort: '-dayNumber',
    limit: 1,
    depth: 0,
    select: { dayNumber: true },
    overrideAccess: true,
    req,
  })
  const last = docs[0]?.dayNumber
  return last
    ? `The itinerary has a day ${last}: remove it before shortening the trek to ${value} days`
    : true
}
