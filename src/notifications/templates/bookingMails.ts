import { greet, mail, type RenderedMail } from './layout'

/** What every booking message names; values are already formatted for reading. */
export type BookingMailParams = {
  name: string
  bookingRef: string
  trekName: string
  startDate: string
  endDate: string
}

/**
 * Online payments go back to where they came from; money paid at the desk (cash, a bank
 * transfer) is paid back by finance by hand (round 35's note: cash payers were told otherwise).
 */
const REFUND_ROUTE =
  'An online payment goes back to its original payment method, usually within 5 to 7 working ' +
  'days; money paid at our office is paid back by our finance team, who will contact you.'

export function bookingConfirmed(
  params: BookingMailParams & { amountPaid: string; balanceDue: string },
): RenderedMail {
  return mail(
    `Booking confirmed: ${params.trekName} from ${params.startDate}`,
    greet(params.name),
    [
      `Your place on ${params.trekName} (${params.startDate} to ${params.endDate}) is confirmed. Booking reference: ${params.bookingRef}.`,
      `Paid so far: ${params.amountPaid}. Balance due: ${params.balanceDue}.`,
      'Keep your ID, health declaration and waiver ready; the app shows what is still missing.',
    ],
  )
}

export function bookingCancelled(
  params: BookingMailParams & { refundAmount: string; calledOff?: string; nothingOwed?: string },
): RenderedMail {
  const trip = `${params.trekName} (${params.startDate} to ${params.endDate})`
  const refund = (calledOff: boolean) =>
    params.nothingOwed === 'yes'
      ? // A trekker's own cancellation may owe nothing by the policy, with money paid.
        calledOff
        ? 'No refund is owed: OBS holds nothing you paid for it.'
        : 'No refund is owed for it under our cancellation policy.'
      : calledOff
        ? `Refund owed to you: ${params.refundAmount}, everything you paid. ${REFUND_ROUTE}`
        : `Refund owed to you: ${params.refundAmount}. ${REFUND_ROUTE}`
  // OBS calling a departure off is not something the trekker asked for, nor can undo.
  const lines =
    params.calledOff === 'yes'
      ? [
          `We are sorry: OBS has had to call off the departure of ${trip}, so your booking ${params.bookingRef} is cancelled.`,
          refund(true),
          'Reply to this e-mail if you would like help choosing another date.',
        ]
      : [
          `Your booking ${params.bookingRef} for ${trip} has been cancelled.`,
          refund(false),
          'If you did not ask for this cancellation, reply to this e-mail.',
        ]
  return mail(
    `Booking cancelled: ${params.trekName} from ${params.startDate}`,
    greet(params.name),
    lines,
  )
}

export function paymentReceived(
  params: BookingMailParams & { amount: string; method: string; balanceDue: string },
): RenderedMail {
  const method = params.method ? ` by ${params.method}` : ''
  return mail(`Payment received: ${params.amount} for ${params.trekName}`, greet(params.name), [
    `We have received ${params.amount}${method} for booking ${params.bookingRef} (${params.trekName}, ${params.startDate} to ${params.endDate}).`,
    `Balance due: ${params.balanceDue}.`,
  ])
}

export function preTrekReminder(
  params: BookingMailParams & { daysLeft: string; balanceDue?: string },
): RenderedMail {
  const when = params.daysLeft === '1' ? 'tomorrow' : `in ${params.daysLeft} days`
  return mail(`${params.trekName} starts ${when}`, greet(params.name), [
    `${params.trekName} starts ${when}, on ${params.startDate}. Booking reference: ${params.bookingRef}.`,
    ...(params.balanceDue
      ? [`A balance of ${params.balanceDue} is still due: pay it in the app or at our office.`]
      : []),
    'Check your packing list and documents in the app, and keep your emergency contacts up to date.',
  ])
}
