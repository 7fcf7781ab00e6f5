/** One text message: `template` names one of ours (see templates.ts), `params` fill it in. */
export type SmsMessage = {
  to: string
  template: string
  params: Record<string, string>
}

export type SmsAdapter = (message: SmsMessage) => Promise<void>

/** A provider refused or could not be reached; the message says which, never what was sent. */
export class SmsDeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'SmsDeliveryError'
  }
}
