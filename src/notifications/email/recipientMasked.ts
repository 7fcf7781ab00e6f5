import type { Payload } from 'payload'

import { maskRecipient } from '../deliveries/maskRecipient'

/** `text` with every mention of the recipient (any case) in its masked form. */
export function withRecipientMasked(text: string, to: string): string {
  if (!to) {
    return text
  }
  const escaped = to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return text.replace(new RegExp(escaped, 'gi'), maskRecipient(to))
}

/** The error again, its message with the recipient masked (its name kept). */
export function errorWithRecipientMasked(err: unknown, to: string): unknown {
  if (!(err instanceof Error)) {
    return err
  }
  return Object.assign(new Error(withRecipientMasked(err.message, to)), { name: err.name })
}

/**
 * payload.sendEmail, but a refusal that quotes the address ("550 <asha@…>: User unknown") is
 * thrown with it masked: the job runner logs what a task throws (review rounds 26 and 27).
 */
export async function sendEmailMaskingRecipient(
  payload: Payload,
  message: Parameters<Payload['sendEmail']>[0] & { to: string },
): Promise<void> {
  try {
    await payload.sendEmail(message)
  } catch (err) {
    throw errorWithRecipientMasked(err, message.to)
  }
}
