import { maskPhone } from '../alerts/sendAlertSms'

/** A recipient as it may appear in logs: enough to tell two apart, not enough to reach one. */
export function maskRecipient(to: string): string {
  const at = to.indexOf('@')
  if (at > 0) {
    return `${to[0]}***${to.slice(at)}`
  }
  return maskPhone(to)
}
