/**
 * What shows as nothing: spaces of any kind, format characters (zero-width spaces: review round
 * 38), marks with no letter to sit on, and the fillers that render blank (Hangul fillers, the
 * blank Braille pattern, Khmer's inherent vowels, the Mongolian vowel separator: round 39).
 */
const INVISIBLE = /[\s\p{Cf}\p{Mn}\p{Me}\u115F\u1160\u3164\uFFA0\u2800\u17B4\u17B5\u180E]/gu

/** Whether `text` shows nothing at all (the empty string included). */
export const showsNothing = (text: string) => text.replace(INVISIBLE, '') === ''
