import { maskRecipient } from '../deliveries/maskRecipient'

/** `text` with every mention of the recipient (any case) in its masked form. */
export function withRecipientMasked(text: string, to: string): string {
  if (!to) {
    return text
  }
  const escaped = to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return text.replace(new RegExp(escaped, 'gi'), maskRecipient(to))
}
