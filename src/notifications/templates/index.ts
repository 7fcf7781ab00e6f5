import {
  bookingCancelled,
  bookingConfirmed,
  paymentReceived,
  preTrekReminder,
} from './bookingMails'
import {
  emailChangeNotice,
  passwordChangedNotice,
  phoneChangedNotice,
  phoneTakenOffNotice,
  providerLinkedNotice,
} from './accountMails'
import type { RenderedMail } from './layout'
import { sosAlertMail, type SosAlertParams } from './sosAlert'

export {
  emailChangeConfirm,
  emailChangedUndo,
  passwordReset,
  verifyNewAccount,
} from './accountMails'
export { formatRupees } from '@/shared/formatRupees'
export { type RenderedMail } from './layout'
export { sosAlertSms, type SosAlertParams } from './sosAlert'
export type { BookingMailParams } from './bookingMails'

type Params = Record<string, string>

/** Every message the system sends, by the name stored on its delivery row. */
const MAIL_TEMPLATES = {
  booking_confirmed: (params: Params) => bookingConfirmed(params as never),
  booking_cancelled: (params: Params) => bookingCancelled(params as never),
  payment_received: (params: Params) => paymentReceived(params as never),
  pre_trek_reminder: (params: Params) => preTrekReminder(params as never),
  sos_alert: (params: Params) => sosAlertMail(params as unknown as SosAlertParams),
  email_change_notice: (params: Params) => emailChangeNotice(params as never),
  password_changed_notice: (params: Params) => passwordChangedNotice(params as never),
  phone_changed_notice: (params: Params) => phoneChangedNotice(params as never),
  phone_taken_off_notice: (params: Params) => phoneTakenOffNotice(params as never),
  provider_linked_notice: (params: Params) => providerLinkedNotice(params as never),
} satisfies Record<string, (params: Params) => RenderedMail>

export type TemplateName = keyof typeof MAIL_TEMPLATES

export const TEMPLATE_NAMES = Object.keys(MAIL_TEMPLATES) as TemplateName[]

export function renderMail(template: TemplateName, params: Params): RenderedMail {
  return MAIL_TEMPLATES[template](params)
}
