import type { PayloadRequest, TaskConfig } from 'payload'

import { depositHeldWhere } from '@/bookings/party'
import type { Batch, Booking, Trek, User } from '@/payload-types'
import { formatRupees } from '@/shared/formatRupees'
import { requiredRelationId } from '@/shared/relationId'
import { withTransaction } from '@/shared/transaction'
import { addDays, daysBetween, kolkataDay, startOfKolkataDay } from '@/shared/time'

import { enqueueDelivery } from '../deliveries/enqueueDelivery'
import { bookingMailAddress, bookingMailParams } from '../mail/bookingMailParams'
import { PRE_TREK_REMINDER, preTrekReminderKey } from './reminderStillDue'

export const SEND_PRE_TREK_REMINDERS = 'sendPreTrekReminders'

/** Trekkers hear from us a week before the start (time to prepare) and two days before. */
export const REMINDER_DAYS_BEFORE = [7, 2] as const

/**
 * Whether the reminder sent `days` before a start is still to send with `left` days to go: not
 * once the trek has begun, nor once a closer reminder's day has come too. Caught up late, on
 * the eve of a start, the week-before run and the two-days-before run each queued "starts
 * tomorrow" for every trekker (review round 35); the closer one says it alone.
 */
function stillItsTurn(days: number, left: number): boolean {
  return left >= 1 && !REMINDER_DAYS_BEFORE.some((closer) => closer < days && left <= closer)
}

/**
 * The reminders of one scheduled day: every confirmed booking (or one with a deposit paid) of a
 * batch that starts 7 or 2 Kolkata days after `period`. A run caught up late skips treks already under way, and
 * the delivery keys make a repeated run send nothing twice. Four reads, whatever the count.
 */
export async function sendPreTrekReminders(
  req: PayloadRequest,
  period: Date,
  now = new Date(),
): Promise<{ queued: number }> {
  const { payload } = req
  const day = kolkataDay(period)
  // On time, "today" is the period's day; a run caught up later counts from when it runs.
  const today = kolkataDay(Math.max(period.getTime(), now.getTime()))
  const startDays = REMINDER_DAYS_BEFORE.filter((days) =>
    stillItsTurn(days, daysBetween(today, addDays(day, days))),
  ).map((days) => addDays(day, days))
  if (startDays.length === 0) {
    return { queued: 0 }
  }
  const common = { depth: 0, overrideAccess: true, pagination: false, req } as const

  const batches = (
    await payload.find({
      collection: 'batches',
      ...common,
      where: {
        status: { in: ['open', 'full'] },
        or: startDays.map((startDay) => ({
          and: [
            { startDate: { greater_than_equal: startOfKolkataDay(startDay).toISOString() } },
            { startDate: { less_than: startOfKolkataDay(addDays(startDay, 1)).toISOString() } },
          ],
        })),
      },
    })
  ).docs as Batch[]
  if (batches.length === 0) {
    return { queued: 0 }
  }
  const [bookings, treks] = await Promise.all([
    payload.find({
      collection: 'bookings',
      ...common,
      where: {
        batch: { in: batches.map((batch) => batch.id) },
        // A deposit keeps the seat for good: its holder sets out too, and owes the rest (review
        // round 27: only paid-up bookings were reminded).
        or: [{ status: { equals: 'confirmed' } }, depositHeldWhere],
      },
    }),
    payload.find({
      collection: 'treks',
      ...common,
      select: { name: true },
      where: { id: { in: [...new Set(batches.map((batch) => requiredRelationId(batch.trek)))] } },
    }),
  ])
  const users = await payload.find({
    collection: 'users',
    ...common,
    select: { email: true, firstName: true },
    where: {
      id: { in: [...new Set(bookings.docs.map((booking) => requiredRelationId(booking.user)))] },
    },
  })

  const batchById = new Map(batches.map((batch) => [batch.id, batch]))
  const trekById = new Map((treks.docs as Trek[]).map((trek) => [trek.id, trek]))
  const userById = new Map((users.docs as User[]).map((user) => [user.id, user]))
  let queued = 0
  for (const booking of bookings.docs as Booking[]) {
    const batch = batchById.get(requiredRelationId(booking.batch))!
    const user = userById.get(requiredRelationId(booking.user))
    const to = bookingMailAddress(user)
    if (!to) {
      continue
    }
    const startDay = kolkataDay(batch.startDate)
    const result = await enqueueDelivery(req, {
      key: preTrekReminderKey(booking.id, startDay, daysBetween(day, startDay)),
      channel: 'email',
      template: PRE_TREK_REMINDER,
      to,
      booking: booking.id,
      params: {
        ...bookingMailParams(booking, batch, trekById.get(requiredRelationId(batch.trek)), user),
        daysLeft: String(daysBetween(today, startDay)),
        balanceDue: (booking.balanceDue ?? 0) > 0 ? formatRupees(booking.balanceDue!) : '',
      },
    })
    queued += result.created ? 1 : 0
  }
  payload.logger.info({ msg: 'pre-trek reminders queued', day, queued })
  return { queued }
}

export const sendPreTrekRemindersTask: TaskConfig<'sendPreTrekReminders'> = {
  slug: SEND_PRE_TREK_REMINDERS,
  label: 'Queue pre-trek reminder e-mails for one day',
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 } },
  inputSchema: [{ name: 'period', type: 'date', required: true }],
  outputSchema: [{ name: 'queued', type: 'number' }],
  handler: async ({ input, req }) => ({
    output: await withTransaction(req, () => sendPreTrekReminders(req, new Date(input.period))),
  }),
}
