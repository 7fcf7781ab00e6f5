import type { CollectionConfig, TaskConfig } from 'payload'

import { sendEmailConfirmationTask } from './account/confirmationMailTask'
import { sendEmailChangeUndoTask } from './account/emailUndoMailTask'
import { sendEmailAddedUndoTask } from './account/emailUndoSmsTask'
import { sendPasswordResetTask } from './account/passwordResetMailTask'
import { sendAccountVerificationTask } from './account/verificationMailTask'
import { NotificationDeliveries } from './deliveries/NotificationDeliveries'
import { sendNotificationTask } from './deliveries/sendNotificationTask'
import { sendPreTrekRemindersTask } from './reminders/sendPreTrekReminders'
import { sendOtpSmsTask } from './sms/otpTask'

export { queueEmailConfirmation } from './account/confirmationMailTask'
export { queueEmailChangeUndo, SEND_EMAIL_CHANGE_UNDO } from './account/emailUndoMailTask'
export { queueEmailAddedUndo, SEND_EMAIL_ADDED_UNDO } from './account/emailUndoSmsTask'
export { queuePasswordResetMail, SEND_PASSWORD_RESET } from './account/passwordResetMailTask'
export { queueAccountVerification, SEND_ACCOUNT_VERIFICATION } from './account/verificationMailTask'
export { forgetAccountMessages } from './account/forgetAccountMessages'
export { emailAdapter } from './email/emailAdapter'
export { queueOtpSms } from './sms/otpTask'
export { maskPhone, registerSmsTemplate, sendSms, SmsDeliveryError, type SmsMessage } from './sms'
export {
  enqueueDelivery,
  SEND_NOTIFICATION,
  type DeliveryRequest,
} from './deliveries/enqueueDelivery'
export { deliverNotification, ERASED_RECIPIENT } from './deliveries/deliverNotification'
export { maskRecipient } from './deliveries/maskRecipient'
export { noticeToHolder, type Holder } from './deliveries/noticeToHolder'
export {
  queueBookingCancelledMail,
  queueBookingConfirmedMail,
  queuePaymentReceivedMail,
} from './mail/queueBookingMails'
export {
  REMINDER_DAYS_BEFORE,
  SEND_PRE_TREK_REMINDERS,
  sendPreTrekReminders,
} from './reminders/sendPreTrekReminders'
export { renderMail, TEMPLATE_NAMES, type SosAlertParams, type TemplateName } from './templates'

export const notificationCollections: CollectionConfig[] = [NotificationDeliveries]

export const notificationTasks: TaskConfig[] = [
  sendNotificationTask as unknown as TaskConfig,
  sendPreTrekRemindersTask as unknown as TaskConfig,
  sendOtpSmsTask as unknown as TaskConfig,
  sendEmailConfirmationTask as unknown as TaskConfig,
  sendPasswordResetTask as unknown as TaskConfig,
  sendEmailChangeUndoTask as unknown as TaskConfig,
  sendEmailAddedUndoTask as unknown as TaskConfig,
  sendAccountVerificationTask as unknown as TaskConfig,
]
