import type { PayloadRequest } from 'payload'

import type { Payment } from '@/payload-types'

import { noticeToHolder } from '../deliveries/noticeToHolder'
import { formatRupees } from '../templates'
import { bookingMailParams, loadBooking, type LoadedBooking } from './bookingMailParams'

type Queued = { queued: boolean }

async function queueMail(
  req: PayloadRequest,
  loaded: LoadedBooking | undefined,
  key: string,
  template: 'booking_confirmed' | 'booking_cancelled' | 'payment_received',
  extra: (loaded: LoadedBooking) => Record<string, string>,
): Promise<Queued> {
  if (!loaded) {
    req.payload.logger.warn({ msg: 'booking mail skipped: no booking', key })
    return { queued: false }
  }
  const { booking, batch, trek, user } = loaded
  // By e-mail, or by SMS to a phone account's proven number.
  const queued = await noticeToHolder(
    req,
    { id: booking.id, email: loaded.email, phone: user?.phone, phoneVerified: user?.phoneVerified },
    {
      key,
      template,
      booking: booking.id,
      params: { ...bookingMailParams(booking, batch, trek, user), ...extra(loaded) },
    },
  )
  if (!queued && !loaded.email && !user?.phone) {
    req.payload.logger.warn({ msg: 'booking mail skipped: no e-mail or phone', key })
  }
  return { queued }
}

/**
 * For the bookings domain: call inside the transaction that confirms the booking, with its
 * `req`. Queued once per booking however often it is called.
 */
export async function queueBookingConfirmedMail(bookingId: number | string, req: PayloadRequest) {
  return queueMail(
    req,
    await loadBooking(bookingId, req),
    `booking_confirmed:${bookingId}`,
    'booking_confirmed',
    ({ booking }) => ({
      amountPaid: formatRupees(booking.amountPaid),
      balanceDue: formatRupees(booking.balanceDue),
    }),
  )
}

/**
 * For the bookings domain: `refundAmount` is what the cancellation policy says is owed;
 * `calledOff` when OBS cancelled the whole batch (everything paid is owed).
 */
export async function queueBookingCancelledMail(
  bookingId: number | string,
  req: PayloadRequest,
  { refundAmount, calledOff = false }: { refundAmount: number; calledOff?: boolean },
) {
  return queueMail(
    req,
    await loadBooking(bookingId, req),
    `booking_cancelled:${bookingId}`,
    'booking_cancelled',
    () => ({
      refundAmount: formatRupees(refundAmount),
      ...(calledOff ? { calledOff: 'yes' } : {}),
      // "Refund owed: ₹0.00, everything you paid" read oddly to a trekker who paid nothing.
      ...(refundAmount <= 0 ? { nothingOwed: 'yes' } : {}),
    }),
  )
}

/** For the payments domain: once per successful payment. */
export async function queuePaymentReceivedMail(paymentId: number | string, req: PayloadRequest) {
  const payment = (await req.payload.findByID({
    collection: 'payments',
    id: paymentId,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  })) as Payment | null
  if (!payment) {
    return { queued: false }
  }
  const bookingId = typeof payment.booking === 'object' ? payment.booking.id : payment.booking
  return queueMail(
    req,
    await loadBooking(bookingId, req),
    `payment_received:${paymentId}`,
    'payment_received',
    ({ booking }) => ({
      amount: formatRupees(payment.amount),
      method: payment.method ?? '',
      balanceDue: formatRupees(booking.balanceDue),
    }),
  )
}
