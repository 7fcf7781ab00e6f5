import type { AfterErrorHook, Config } from 'payload'

/**
 * How Payload logs an error it answers, by the error's name. Refusals of a client's request
 * (bad input, no access, not found, locked) are routine: one info line, no stack. Payload's
 * file errors and anything not named here (a crash, a database error) stay at error.
 * `APIError` is both a 4xx refusal and a 5xx outage under one name, so Payload does not log
 * it and logApiErrorsByStatus below decides by its status.
 */
export const loggingLevels = {
  APIError: false,
  AuthenticationError: 'info',
  Forbidden: 'info',
  Locked: 'info',
  LockedAuth: 'info',
  MissingFile: 'info',
  NotFound: 'info',
  QueryError: 'info',
  UnauthorizedError: 'info',
  UnverifiedEmail: 'info',
  ValidationError: 'info',
} as NonNullable<Config['loggingLevels']>

/** A plain APIError: 5xx at error with its stack, anything below as one info line. */
export const logApiErrorsByStatus: AfterErrorHook = ({ error, req }) => {
  if ((error as Error | undefined)?.name !== 'APIError') {
    return
  }
  const status = Number((error as { status?: number }).status ?? 500)
  // The path only: a query string may hold phone numbers or e-mails.
  const where = { method: req.method, path: req.url ? new URL(req.url).pathname : undefined }
  if (status >= 500) {
    req.payload.logger.error({ err: error, status, ...where })
  } else {
    req.payload.logger.info({ msg: error.message, status, ...where })
  }
}
