import { defaultLoggerOptions, type Config } from 'payload'

import { scrubValue } from './scrub'

type LoggerSetting = Extract<NonNullable<Config['logger']>, { options: unknown }>
export type LoggerOptions = LoggerSetting['options']

/**
 * Pino's own redaction for the places a request's credentials sit; it only knows fixed
 * paths, so every argument is also scrubbed by key and by pattern (phones, JWTs) below.
 */
const REDACT_PATHS = [
  'password',
  'token',
  'refreshToken',
  'signature',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-razorpay-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.refreshToken',
  '*.signature',
]

/** The options every OBS logger uses, exported so a test can build one around a capture. */
export const privacyLoggerOptions: LoggerOptions = {
  redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  hooks: {
    logMethod(args, method) {
      const scrubbed = (args as unknown[]).map((arg) => scrubValue(arg))
      return method.apply(this, scrubbed as Parameters<typeof method>)
    },
  },
  formatters: {
    // Child loggers carry their bindings on every line; they get the same treatment.
    bindings: (bindings) => scrubValue(bindings) as Record<string, unknown>,
  },
}

/** Payload's usual pretty output, with the privacy options in front of it. */
export function appLogger(): LoggerSetting {
  return { options: { ...privacyLoggerOptions }, destination: defaultLoggerOptions }
}
