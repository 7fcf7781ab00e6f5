import { changedTo } from '../templates/accountMails'

/**
 * Our message texts. In India every template is registered with DLT and the provider is told
 * only the template id and its variables; the text here is what the console adapter prints
 * and must match the registered one.
 */
const TEMPLATES: Record<string, (params: Record<string, string>) => string> = {
  otp_code: ({ code }) =>
    `${code} is your OBS sign-in code. It expires in 5 minutes. Do not share it.`,
  // Phone accounts (no e-mail) hear of their account and bookings by SMS (noticeToHolder).
  password_changed_notice: () =>
    'Your OBS password was just changed and every sign-in ended. If this was not you, contact OBS support.',
  provider_linked_notice: ({ provider }) =>
    `${provider} sign-in was linked to your OBS account. If this was not you, sign out everywhere in the app and contact OBS support.`,
  booking_confirmed: ({ trekName, startDate, bookingRef }) =>
    `Your OBS booking ${bookingRef} for ${trekName} from ${startDate} is confirmed.`,
  payment_received: ({ amount, bookingRef, balanceDue }) =>
    `OBS received ${amount} for booking ${bookingRef}. Balance due: ${balanceDue}.`,
  booking_cancelled: ({ trekName, startDate, bookingRef, refundAmount, calledOff, nothingOwed }) =>
    calledOff === 'yes'
      ? `OBS has had to call off ${trekName} from ${startDate}. Your booking ${bookingRef} is cancelled` +
        (nothingOwed === 'yes' ? '.' : ` and ${refundAmount}, everything you paid, is refunded.`)
      : `Your OBS booking ${bookingRef} for ${trekName} from ${startDate} is cancelled.` +
        (nothingOwed === 'yes' ? '' : ` Refund owed: ${refundAmount}.`),
  // An address added to a phone account signs in and gets its resets once confirmed; the phone
  // is told at the request and gets the undo link at the confirmation (emailUndoLink.ts).
  email_change_notice: ({ newEmail }) =>
    `An e-mail address (${newEmail}) is being added to your OBS account. If this was not you, sign out everywhere in the OBS app now to stop it, and contact OBS support.`,
  email_added_undo: ({ newEmail, link, validDays }) =>
    `The e-mail address ${newEmail} was added to your OBS account. If this was not you, take it off and set a new password within ${validDays} days: ${link}`,
  // To the old number: it no longer signs in, and its holder may not have asked for that.
  phone_changed_notice: ({ phoneEnding }) =>
    `Your OBS account's phone number was ${changedTo(phoneEnding)}. If this was not you, contact OBS support.`,
}

export function renderSms(template: string, params: Record<string, string>): string {
  const render = TEMPLATES[template]
  if (!render) {
    return `[${template}] ${JSON.stringify(params)}`
  }
  return render(params)
}

export function registerSmsTemplate(
  name: string,
  render: (params: Record<string, string>) => string,
): void {
  TEMPLATES[name] = render
}

/** Last digits only: enough for support to match a complaint, useless to anyone else. */
export function maskPhone(phone: string): string {
  return phone.length > 6 ? `${phone.slice(0, 3)}******${phone.slice(-4)}` : '******'
}
