import {
  APIError,
  ValidationError,
  type CollectionBeforeChangeHook,
  type PayloadRequest,
} from 'payload'

import { partyWhere } from '@/bookings/party'
import { guideCardReachesGuide } from '@/catalog/guideReachable'
import { relationId } from '@/shared/relationId'
import { addDays, kolkataDay, kolkataDaysBetween, startOfKolkataDay } from '@/shared/time'

/** Set on the update that POST /api/batches/:id/cancel makes, after it has done its work. */
export const CALLING_BATCH_OFF = 'callingBatchOff'

/**
 * Set on the lifecycle schedule's updates, which may run inside a signed-in request (a super
 * admin's `GET /api/payload-jobs/run`): the guards below are for a person's own edits.
 */
export const MOVED_BY_SCHEDULE = 'movedBySchedule'

const personsEdit = (req: PayloadRequest, context: Record<string, unknown>) =>
  Boolean(req.user) && context[MOVED_BY_SCHEDULE] !== true

type Edit = {
  data: Record<string, unknown>
  before: Record<string, unknown>
  person: boolean
  callingOff: boolean
}

/** What a booked batch may not be edited into: a message, and the field it is about. */
type Refusal = { message: string; path?: string }

/**
 * The edits a batch with live (pending or confirmed) bookings refuses, each with why:
 *
 * - `cancelled` other than by POST /api/batches/:id/cancel, which cancels every live booking,
 *   refunds everything paid and tells each trekker; an edit would leave paid bookings confirmed
 *   and unrefunded, and then make the endpoint answer "already cancelled" (review round 18).
 * - A person's edit to `ongoing` or `completed` before the start day (round 19): the lifecycle
 *   schedule moves batches on their dates, and a trek marked done before it ran strands its
 *   bookings (no completion, and the cancel endpoint refuses a completed batch).
 * - A person's edit to `completed` at any time (round 21): the schedule completes the bookings
 *   only of batches it finds `ongoing` after their end day.
 * - A person's edit taking the guide off a departure not ended or called off (round 21's note):
 *   its trekkers' SOS would reach no guide. Another guide may replace them.
 * - A person's edit moving the start to a day already past (round 20): the trekkers could no
 *   longer cancel, a desk cancellation would refund nothing, and the next lifecycle run would
 *   start and complete a trek that never ran. A batch already started keeps its past start.
 *   Nor the end (round 30): the next run would complete a departure whose trekkers are still on
 *   the mountain, and their SOS would no longer reach its guide.
 * - A person's edit moving the start or the end of a departure not yet under way to another day
 *   (rounds 29 and 30): its trekkers booked those dates. One who cannot make new dates could only
 *   cancel under the policy, reckoned from the new start (a week's postponement of a trek four
 *   days out still refunds nothing), where a call-off refunds them in full and tells them. The
 *   hour may change within the day; a departure under way may have its dates corrected, but
 *   not its start moved past today (round 31: still `ongoing`, its trekkers could not cancel
 *   and a desk cancellation refunded nothing).
 * - A person's edit moving the departure to another trek (round 29): its trekkers booked and
 *   paid for that trek, not another region, altitude or price.
 */
function refusalOf({ data, before, person, callingOff }: Edit): Refusal | null {
  const status = data.status
  if (status === 'cancelled' && before.status !== 'cancelled' && !callingOff) {
    return {
      message:
        'Call a departure off with POST /api/batches/:id/cancel {reason}: it cancels and ' +
        'refunds every booking and tells each trekker. The status alone cannot be set to ' +
        'cancelled.',
    }
  }
  if (!person) {
    return null
  }
  if (
    (status === 'ongoing' || status === 'completed') &&
    status !== before.status &&
    kolkataDaysBetween(new Date(), before.startDate as string) > 0
  ) {
    return {
      message:
        `A batch with bookings cannot be marked ${String(status)} before its start day: that ` +
        'happens on its dates. To call it off, use POST /api/batches/:id/cancel {reason}.',
    }
  }
  if (status === 'completed' && before.status !== 'completed') {
    return {
      message:
        'The status of a batch with bookings cannot be set to completed by an edit: the ' +
        'schedule completes it, and its bookings, the day after it ends.',
    }
  }
  if (removesGuide(data, before) && !['completed', 'cancelled'].includes(String(before.status))) {
    return KEEPS_A_GUIDE
  }
  if (movesIntoThePast(data.startDate, before.startDate)) {
    return {
      path: 'startDate',
      message:
        'A batch with bookings cannot start on a day already past: move it to today or ' +
        'later, or call it off with POST /api/batches/:id/cancel {reason}.',
    }
  }
  if (movesIntoThePast(data.endDate, before.endDate)) {
    return ENDS_IN_THE_PAST
  }
  for (const field of ['startDate', 'endDate'] as const) {
    if (movesToAnotherDay(data[field], before[field], before.startDate)) {
      return {
        path: field,
        message:
          'A batch with bookings keeps the dates its trekkers booked: one who cannot make new ' +
          'dates would lose what a call-off refunds. Call it off with POST ' +
          '/api/batches/:id/cancel {reason} (every trekker is refunded in full and told) and ' +
          'open the new dates as a new batch.',
      }
    }
  }
  if (startMovesAheadOnceSetOut(data.startDate, before.startDate)) {
    return STARTS_AFTER_SETTING_OUT
  }
  if (setsOutByEdit(data.startDate, before.startDate)) {
    return {
      path: 'startDate',
      message:
        'A batch with bookings cannot have its start moved to a time already past: that would ' +
        'set it out by an edit, ending its trekkers’ own cancelling and freeing its dates. Move ' +
        'it to a later hour, or call it off with POST /api/batches/:id/cancel {reason}.',
    }
  }
  if ('trek' in data && relationId(data.trek as never) !== relationId(before.trek as never)) {
    return {
      path: 'trek',
      message:
        'A batch with bookings stays on the trek its trekkers booked: call it off with POST ' +
        '/api/batches/:id/cancel {reason} and open the departure under the other trek.',
    }
  }
  return null
}

/**
 * The date falls on another Kolkata day than before, on a departure whose start is still ahead
 * (one under way may have its dates corrected).
 */
function movesToAnotherDay(next: unknown, previous: unknown, start: unknown): boolean {
  if (!start || new Date(start as string) <= new Date()) {
    return false
  }
  return dayChanges(next, previous)
}

/** A date sent that falls on another Kolkata day than the one it had. */
function dayChanges(next: unknown, previous: unknown): boolean {
  const nextDate = sentDate(next)
  return Boolean(nextDate && previous) && kolkataDay(nextDate!) !== kolkataDay(previous as string)
}

/** The date sent, if one was; not a date at all is left to the field's own validation. */
function sentDate(value: unknown): Date | null {
  if (value === undefined || value === null || value === '') {
    return null
  }
  const date = new Date(value as string)
  return Number.isNaN(date.getTime()) ? null : date
}

/**
 * A departure not yet set out, its start moved to a time already past (review round 32: an hour
 * back on its start day made it under way, and then its end could move to any day). Its start
 * hour is what sets it out.
 */
function setsOutByEdit(next: unknown, previous: unknown): boolean {
  const nextDate = sentDate(next)
  const now = new Date()
  return Boolean(nextDate && previous) && new Date(previous as string) > now && nextDate! <= now
}

/**
 * A departure whose start hour has passed, its start moved ahead of now (review round 31: days
 * later, it stayed `ongoing`, its trekkers could no longer cancel, and a desk cancellation
 * refunded nothing where a call-off refunds all; round 32: later today first, and then, no
 * longer past, days later). A start corrected to an earlier hour or day is fine.
 */
function startMovesAheadOnceSetOut(next: unknown, previous: unknown): boolean {
  const nextDate = sentDate(next)
  const now = new Date()
  if (!nextDate || !previous || new Date(previous as string) > now) {
    return false
  }
  return nextDate > now
}

const STARTS_AFTER_SETTING_OUT = {
  path: 'startDate',
  message:
    'A departure under way cannot have its start moved ahead of now: its trekkers have set out ' +
    'and can no longer cancel it themselves. To postpone it, call it off with POST ' +
    '/api/batches/:id/cancel {reason} (every trekker is refunded in full and told) and open ' +
    'the new dates as a new batch.',
}

const ENDS_IN_THE_PAST = {
  path: 'endDate',
  message:
    'A batch with bookings cannot end on a day already past: its trekkers may still be on ' +
    'the mountain, and the schedule completes it the day after it ends. End it today or later.',
}

const KEEPS_A_GUIDE = {
  path: 'guide',
  message:
    'A batch with bookings keeps a guide: choose another guide instead of none, or an ' +
    'SOS from it would reach no guide.',
}

const removesGuide = (data: Record<string, unknown>, before: Record<string, unknown>) =>
  'guide' in data &&
  (data.guide === null || data.guide === '' || data.guide === undefined) &&
  Boolean(before.guide)

const NEEDS_A_GUIDE_ACCOUNT = {
  path: 'guide',
  message:
    "Choose an active guide card linked to a guide's account: the SOS of this batch's " +
    'trekkers go to it.',
}

/** A guide named that is not the one the batch had. */
const assignsAnotherGuide = (data: Record<string, unknown>, before: Record<string, unknown>) => {
  const next = 'guide' in data ? relationId(data.guide) : null
  return next !== null && String(next) !== String(relationId(before.guide))
}

/**
 * A departure in its days whose trekkers, cancelled on the way, are still coming down: their
 * SOS goes to its guide until its last day (findTrekkerBatch), so it keeps one (review round 30).
 * Its bookings are all cancelled, so the live-bookings rule misses it. Whatever its status says:
 * a called-off departure set back to `open` still has them on the mountain (round 31).
 */
async function partyStillComingDown(req: PayloadRequest, before: Record<string, unknown>) {
  const today = kolkataDay()
  const { startDate, endDate } = before as { startDate?: string; endDate?: string }
  if (
    !startDate ||
    !endDate ||
    new Date(startDate) >= startOfKolkataDay(addDays(today, 1)) ||
    new Date(endDate) < startOfKolkataDay(today)
  ) {
    return false
  }
  const { totalDocs } = await req.payload.db.count({
    collection: 'bookings',
    where: { and: [{ batch: { equals: before.id } }, partyWhere(startDate)] },
    req,
  })
  return totalDocs > 0
}

/**
 * What the batch holds, each read at most once per edit and only when a refusal needs it: a
 * guide change on a booked batch asks about its live bookings twice.
 */
type Holdings = {
  liveBookings: () => Promise<boolean>
  anyBookings: () => Promise<boolean>
  partyComingDown: () => Promise<boolean>
}

function holdingsOf(req: PayloadRequest, before: Record<string, unknown>): Holdings {
  const once = (read: () => Promise<boolean>) => {
    let answer: Promise<boolean> | undefined
    return () => (answer ??= read())
  }
  const batchId = before.id as number | string
  return {
    liveBookings: once(() => hasLiveBookings(req, batchId)),
    anyBookings: once(() => hasAnyBookings(req, batchId)),
    partyComingDown: once(() => partyStillComingDown(req, before)),
  }
}

/**
 * A refusal an edit would earn, and whether the batch holds what makes it one: the edit alone is
 * judged first (no query), the batch only when the edit is of the kind refused.
 */
type Rule = {
  refusal: (edit: Edit) => Refusal | null
  applies: (holds: Holdings, edit: Edit, req: PayloadRequest) => Promise<boolean>
}

/** In the order they are judged; the first that applies answers. */
const RULES: Rule[] = [
  { refusal: refusalOf, applies: (holds) => holds.liveBookings() },
  {
    // Its trekkers' bookings belong to those dates: moved, last season's party (or one called
    // off before it set out, its start moved back past the call-off) counted as under way, and
    // an SOS naming no batch went to that departure's guide (review round 33). And to that
    // trek: moved, its trekkers' completed treks counted another's altitude and region for
    // badges (round 34's note).
    refusal: ({ data, before, person }) => {
      if (!person || !['completed', 'cancelled'].includes(String(before.status))) {
        return null
      }
      if ('trek' in data && relationId(data.trek as never) !== relationId(before.trek as never)) {
        return {
          path: 'trek',
          message:
            'A departure completed or called off stays on its trek: its bookings belong to it. ' +
            'Open a departure of the other trek as a new batch.',
        }
      }
      const moved = instantChanges(data.startDate, before.startDate)
        ? 'startDate'
        : instantChanges(data.endDate, before.endDate)
          ? 'endDate'
          : null
      return moved
        ? {
            path: moved,
            message:
              'A departure completed or called off keeps its dates: its bookings belong to ' +
              'them. Open the new dates as a new batch (Duplicate copies it).',
          }
        : null
    },
    applies: (holds) => holds.anyBookings(),
  },
  {
    // Its bookings would follow the row to new dates: last season's trekkers counted as the new
    // departure's party, on its guide's roster (review round 32's note); a called-off one set
    // back to `open` and then moved counted its cancellations as made on the way, and an SOS
    // naming no batch went to its guide, not the one on the mountain (round 34).
    refusal: ({ data, before, person }) =>
      person &&
      ['completed', 'cancelled'].includes(String(before.status)) &&
      typeof data.status === 'string' &&
      data.status !== before.status
        ? {
            path: 'status',
            message:
              before.status === 'completed'
                ? 'A completed departure stays completed: its bookings belong to those dates. ' +
                  'Open the new dates as a new batch (Duplicate copies it).'
                : 'A called-off departure stays called off: its bookings were cancelled and ' +
                  'refunded with it. Open the dates again as a new batch (Duplicate copies it).',
          }
        : null,
    applies: (holds) => holds.anyBookings(),
  },
  {
    refusal: ({ data, before, person }) => (person ? refusalWhileComingDown(data, before) : null),
    applies: (holds) => holds.partyComingDown(),
  },
  {
    // The guide a booked departure is given must reach a guide, as the one it had did (round 31).
    refusal: ({ data, before, person }) =>
      person && assignsAnotherGuide(data, before) ? NEEDS_A_GUIDE_ACCOUNT : null,
    applies: async (holds, { data }, req) =>
      ((await holds.liveBookings()) || (await holds.partyComingDown())) &&
      !(await guideCardReachesGuide(req, relationId(data.guide)!)),
  },
]

/**
 * Refuses the edits above of a batch that holds bookings (a batch nobody booked may be edited
 * freely). The batch's row lock, taken before the edit reads it, keeps a booking from slipping
 * in between the count and the write. A status refusal answers as a plain 400; a field's names
 * the field.
 */
export const cancelOnlyByEndpoint: CollectionBeforeChangeHook = async ({
  context,
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (operation !== 'update' || !data || !originalDoc) {
    return data
  }
  const edit: Edit = {
    data,
    before: originalDoc,
    person: personsEdit(req, context),
    callingOff: context[CALLING_BATCH_OFF] === true,
  }
  const holds = holdingsOf(req, originalDoc)
  for (const rule of RULES) {
    const refusal = rule.refusal(edit)
    if (refusal && (await rule.applies(holds, edit, req))) {
      throwRefusal(refusal)
    }
  }
  return data
}

/**
 * A departure called off on the way has no live bookings, but its trekkers are still coming down
 * until its last day, their SOS going to its guide: it keeps its guide and its end (round 30).
 */
function refusalWhileComingDown(
  data: Record<string, unknown>,
  before: Record<string, unknown>,
): Refusal | null {
  if (removesGuide(data, before)) {
    return KEEPS_A_GUIDE
  }
  if (startMovesAheadOnceSetOut(data.startDate, before.startDate)) {
    // Moved out of its days, it would no longer count as under way for them (round 31).
    return STARTS_AFTER_SETTING_OUT
  }
  return movesIntoThePast(data.endDate, before.endDate) ? ENDS_IN_THE_PAST : null
}

function throwRefusal(refusal: Refusal): never {
  if (refusal.path) {
    throw new ValidationError({
      collection: 'batches',
      errors: [{ path: refusal.path, message: refusal.message }],
    })
  }
  throw new APIError(refusal.message, 400, null, true)
}

/** The new date falls on a Kolkata day before today, and the old one did not. */
function movesIntoThePast(next: unknown, previous: unknown): boolean {
  if (next === undefined || next === null || next === '') {
    return false
  }
  const nextDate = new Date(next as string)
  if (Number.isNaN(nextDate.getTime())) {
    // Not a date at all: the field's own validation answers.
    return false
  }
  const today = startOfKolkataDay(kolkataDay())
  if (nextDate >= today) {
    return false
  }
  return !previous || new Date(previous as string) >= today
}

/** A date sent that is not the instant it had. */
function instantChanges(next: unknown, previous: unknown): boolean {
  const nextDate = sentDate(next)
  return (
    Boolean(nextDate && previous) && nextDate!.getTime() !== new Date(previous as string).getTime()
  )
}

async function hasAnyBookings(req: PayloadRequest, batchId: number | string) {
  const { totalDocs } = await req.payload.db.count({
    collection: 'bookings',
    where: { batch: { equals: batchId } },
    req,
  })
  return totalDocs > 0
}

async function hasLiveBookings(req: PayloadRequest, batchId: number | string) {
  const { totalDocs } = await req.payload.db.count({
    collection: 'bookings',
    where: { batch: { equals: batchId }, status: { in: ['pending', 'confirmed'] } },
    req,
  })
  return totalDocs > 0
}
