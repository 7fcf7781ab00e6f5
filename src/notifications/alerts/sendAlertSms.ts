import { registerSmsTemplate, sendSms } from '@/notifications/sms'

import { sosAlertSms, type SosAlertParams } from '../templates'

// The SMS adapter renders texts by template name (DLT registers them); ours joins its list.
registerSmsTemplate('sos_alert', (params) => sosAlertSms(params as unknown as SosAlertParams))

/** The one place alert deliveries reach the SMS provider. */
export async function sendAlertSms(to: string, template: string, params: Record<string, string>) {
  await sendSms({ to, template, params })
}

export { maskPhone } from '@/notifications/sms'
