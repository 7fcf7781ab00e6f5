/**
 * INTERIM STAND-IN for the `auth` branch's SMS adapter (src/notifications/sms/*).
 * On merge take the auth branch's files and drop this one: it exports the same names
 * (`sendSms`, `maskPhone`, `registerSmsTemplate`, `SmsDeliveryError`, `SmsMessage`) and
 * speaks the same wire format, so the callers in src/notifications/alerts need no change.
 */
import { env } from '@/config/env'

export type SmsMessage = { to: string; template: string; params: Record<string, string> }

export class SmsDeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'SmsDeliveryError'
  }
}

const TEMPLATES: Record<string, (params: Record<string, string>) => string> = {}

export function registerSmsTemplate(
  name: string,
  render: (params: Record<string, string>) => string,
) {
  TEMPLATES[name] = render
}

export function renderSms(template: string, params: Record<string, string>): string {
  return TEMPLATES[template]?.(params) ?? `[${template}] ${JSON.stringify(params)}`
}

export function maskPhone(phone: string): string {
  return phone.length > 6 ? `${phone.slice(0, 3)}******${phone.slice(-4)}` : '******'
}

export async function sendSms({ to, template, params }: SmsMessage): Promise<void> {
  if (env.sms.provider !== 'http') {
    if (!env.isProduction) {
      console.info(`[sms:console] to ${maskPhone(to)}: ${renderSms(template, params)}`)
    }
    return
  }
  if (!env.sms.httpUrl) {
    throw new Error('SMS_PROVIDER is http but SMS_HTTP_URL is not set')
  }
  let response: Response
  try {
    response = await fetch(env.sms.httpUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(env.sms.httpApiKey ? { 'X-API-Key': env.sms.httpApiKey } : {}),
      },
      body: JSON.stringify({ to, sender: 'OBSTRK', templateId: template, params }),
      signal: AbortSignal.timeout(10_000),
    })
  } catch (err) {
    throw new SmsDeliveryError(`SMS provider unreachable (${(err as Error).name})`)
  }
  await response.body?.cancel()
  if (!response.ok) {
    throw new SmsDeliveryError(`SMS provider answered ${response.status}`, response.status)
  }
}
