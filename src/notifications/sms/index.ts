import { env } from '@/config/env'

import { consoleSmsAdapter } from './consoleAdapter'
import { httpSmsAdapter } from './httpAdapter'
import type { SmsAdapter, SmsMessage } from './types'

export { consoleSmsAdapter } from './consoleAdapter'
export { httpSmsAdapter } from './httpAdapter'
export { maskPhone, registerSmsTemplate, renderSms } from './templates'
export { SmsDeliveryError, type SmsAdapter, type SmsMessage } from './types'

/** The adapter SMS_PROVIDER names, read at call time so configuration changes take effect. */
export function smsAdapter(config = env.sms): SmsAdapter {
  if (config.provider === 'http') {
    if (!config.httpUrl) {
      throw new Error('SMS_PROVIDER is http but SMS_HTTP_URL is not set')
    }
    return httpSmsAdapter({
      url: config.httpUrl,
      apiKey: config.httpApiKey,
      senderId: config.senderId,
      templateIds: config.templateIds,
    })
  }
  return consoleSmsAdapter({ isProduction: env.isProduction })
}

/** Sends one SMS now through the configured provider; throws SmsDeliveryError on failure. */
export function sendSms(message: SmsMessage): Promise<void> {
  return smsAdapter()(message)
}
