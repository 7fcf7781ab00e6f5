import type { TaskConfig } from 'payload'

import { sendOtpSmsTask } from './sms/otpTask'

export { queueOtpSms } from './sms/otpTask'
export { maskPhone, registerSmsTemplate, sendSms, SmsDeliveryError, type SmsMessage } from './sms'

export const notificationTasks: TaskConfig[] = [sendOtpSmsTask as unknown as TaskConfig]
