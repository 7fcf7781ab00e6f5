import type { SmsAdapter } from './types'

import { maskPhone, renderSms } from './templates'

/**
 * Development only: prints the message so a developer can read the code off the terminal.
 * In production it prints nothing of the message, because codes in logs are codes for anyone.
 */
export function consoleSmsAdapter(options: { isProduction: boolean }): SmsAdapter {
  return async ({ to, template, params }) => {
    if (options.isProduction) {
      console.warn(
        `[sms:console] SMS_PROVIDER=console in production: ${template} to ${maskPhone(to)} not sent`,
      )
      return
    }
    // Printing is this adapter's whole purpose, so it writes to stdout rather than the logger.
    process.stdout.write(`[sms:console] to ${to}: ${renderSms(template, params)}\n`)
  }
}
