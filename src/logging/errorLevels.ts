import type { AfterErrorHook, Config } from 'payload'

/**
 * How Payload logs an error it answers, by the error's name. Refusals of a client's request
 * (bad input, no access, not found, locked) are routine: one info line, no stack. Payload's
 * file errors and anything not named here (a crash, a database error) stay at error.
 * `APIError` is both a 4xx refusal and a 5xx outage under one name, so Payload does not log
 * it and logApiErrorsByStatus below decides by its status.
 */
/** A request path for the log: segments that look like tokens (16+ characters, a digit) masked. */
export function loggablePath(url: string): string {
  return new URL(url, 'http://localhost').pathname
    .split('/')
    .map((segment) =>
      /^[A-Za-z0-9._~%-]{16,}$/.test(segment) && /\d/.test(segment) ? '…' : segment,
    )
    .join('/')
}

export const loggingLevels = {
  APIError: false,
  // GraphQL wraps every refusal and crash in one GraphQLError: logGraphqlErrorsByStatus decides.
  GraphQLError: false,
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

/**
 * A plain APIError: a 5xx at error with its stack, unless it is one the service gives on
 * purpose (`isPublic`: a feature not configured here, a provider or the database down), which
 * is one warn line; anything below 500 as one info line.
 */
export const logApiErrorsByStatus: AfterErrorHook = ({ error, req }) => {
  if ((error as Error | undefined)?.name !== 'APIError') {
    return
  }
  const status = Number((error as { status?: number }).status ?? 500)
  // The path only (a query string may hold phone numbers or e-mails), and without its long
  // opaque segments: `/api/users/verify/:token` carries a secret in the path itself.
  const where = { method: req.method, path: req.url ? loggablePath(req.url) : undefined }
  if (status >= 500 && (error as { isPublic?: boolean }).isPublic) {
    req.payload.logger.warn({ msg: error.message, status, ...where })
  } else if (status >= 500) {
    req.payload.logger.error({ err: error, status, ...where })
  } else {
    req.payload.logger.info({ msg: error.message, status, ...where })
  }
}

/**
 * A GraphQL error, by the status of the error it wraps: a refusal (Forbidden, NotFound,
 * validation, or a query the schema refuses) is one info line like its REST twin; a crash or
 * an outage (5xx, or an error with no status) is logged at error with its stack.
 */
export const logGraphqlErrorsByStatus: AfterErrorHook = ({ error, req }) => {
  if ((error as Error | undefined)?.name !== 'GraphQLError') {
    return
  }
  const original = (error as { originalError?: Error & { status?: number } }).originalError
  // No original error: the query itself was refused by the schema or the validation rules.
  const status = original ? Number(original.status ?? 500) : 400
  const where = { method: req.method, path: req.url ? loggablePath(req.url) : undefined }
  if (status >= 500 && (original as { isPublic?: boolean } | undefined)?.isPublic) {
    req.payload.logger.warn({ msg: error.message, status, ...where })
  } else if (status >= 500) {
    req.payload.logger.error({ err: original ?? error, status, ...where })
  } else {
    req.payload.logger.info({ msg: error.message, status, ...where })
  }
}
