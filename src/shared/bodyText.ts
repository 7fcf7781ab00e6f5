import { APIError } from 'payload'

import { showsNothing } from './blank'
import { withoutNulText } from './nul'

/**
 * A trimmed optional text field of a JSON body: absent is '', and so is text that shows nothing
 * (src/shared/blank.ts); anything but text is refused, and so is text over `max` characters
 * (never cut: a receipt or reason must be kept whole).
 */
export function optionalText(body: Record<string, unknown>, name: string, max: number): string {
  const value = body[name]
  if (value == null) {
    return ''
  }
  if (typeof value !== 'string') {
    throw new APIError(`${name} must be text`, 400)
  }
  const text = showsNothing(value) ? '' : withoutNulText(value).trim()
  if (text.length > max) {
    throw new APIError(`${name} must be at most ${max} characters`, 400)
  }
  return text
}
