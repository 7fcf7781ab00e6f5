import { privateCollection } from './privateCollection'

/** One row per code sent. The code itself is never stored, only its keyed hash. */
export const OtpChallenges = privateCollection('otp-challenges', [
  { name: 'phone', type: 'text', required: true, index: true },
  { name: 'codeHash', type: 'text', required: true },
  { name: 'expiresAt', type: 'date', required: true },
  { name: 'attempts', type: 'number', required: true, defaultValue: 0 },
  { name: 'consumedAt', type: 'date' },
])
