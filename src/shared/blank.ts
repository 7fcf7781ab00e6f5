import { withoutNulText } from './nul'

/**
 * What shows as nothing: spaces of any kind, format characters (zero-width spaces: review round
 * 38), marks with no letter to sit on, and the fillers that render blank (Hangul fillers, the
 * blank Braille pattern, Khmer's inherent vowels, the Mongolian vowel separator: round 39).
 */
const INVISIBLE =
  /[\s\p{Cc}\p{Cf}\p{Cn}\p{Cs}\p{Mn}\p{Me}\u115F\u1160\u3164\uFFA0\u2800\u17B4\u17B5\u180E]/gu

/** Whether `text` shows nothing at all (the empty string included). */
export const showsNothing = (text: string) => text.replace(INVISIBLE, '') === ''

/**
 * A reason or note as given, trimmed, or '' when it is not text or shows nothing: a required
 * staff reason of a zero-width space was taken as given and shown to trekkers as an empty
 * reason (review round 41).
 */
export const visibleText = (value: unknown): string =>
  typeof value === 'string' && !showsNothing(value) ? withoutNulText(value).trim() : ''
