import { env } from '@/config/env'

import { startSmsFake } from './sms'
import { startSmtpFake } from './smtp'

/**
 * Starts the SMTP and SMS fakes and points the running configuration at them, restoring it
 * on `stop`. The adapters read the configuration per message, so no restart is needed.
 */
export async function startProviderFakes() {
  const [smtp, sms] = await Promise.all([startSmtpFake(), startSmsFake()])
  const saved = { smtpUrl: env.smtpUrl, sms: { ...env.sms }, opsOncall: env.opsOncall }
  env.smtpUrl = smtp.url
  env.sms.provider = 'http'
  env.sms.httpUrl = sms.url
  env.sms.httpApiKey = 'test-sms-key'
  return {
    smtp,
    sms,
    async stop() {
      env.smtpUrl = saved.smtpUrl
      Object.assign(env.sms, saved.sms)
      env.opsOncall = saved.opsOncall
      await Promise.all([smtp.close(), sms.close()])
    },
  }
}

export type ProviderFakes = Awaited<ReturnType<typeof startProviderFakes>>
