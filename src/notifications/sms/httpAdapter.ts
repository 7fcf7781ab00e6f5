import { SmsDeliveryError, type SmsAdapter } from './types'

type HttpAdapterOptions = {
  url: string
  apiKey?: string
  senderId: string
  /** Our template names to the provider's DLT template ids; a missing name is sent as is. */
  templateIds: Record<string, string>
  timeoutMs?: number
}

/**
 * DLT-style providers take the registered template id and its variables, not free text.
 * Errors carry the provider's status only: its body may echo the variables (the code).
 */
export function httpSmsAdapter(options: HttpAdapterOptions): SmsAdapter {
  return async ({ to, template, params }) => {
    let response: Response
    try {
      response = await fetch(options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(options.apiKey ? { 'X-API-Key': options.apiKey } : {}),
        },
        body: JSON.stringify({
          to,
          sender: options.senderId,
          templateId: options.templateIds[template] ?? template,
          params,
        }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      })
    } catch (err) {
      throw new SmsDeliveryError(`SMS provider unreachable (${(err as Error).name})`)
    }
    await response.body?.cancel()
    if (!response.ok) {
      throw new SmsDeliveryError(`SMS provider answered ${response.status}`, response.status)
    }
  }
}
