import type { AfterErrorHook } from 'payload'

/** PostgreSQL's `query_canceled`: here, a statement ran past DATABASE_STATEMENT_TIMEOUT_MS. */
const QUERY_CANCELED = '57014'
const RETRY_AFTER_SECONDS = 30

function isCanceledStatement(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    if ((cause as { code?: unknown }).code === QUERY_CANCELED) {
      return true
    }
    cause = (cause as { cause?: unknown }).cause
  }
  return false
}

/**
 * A request whose query PostgreSQL stopped at the statement timeout answers 503 with
 * `Retry-After` and a message a client can show, instead of Payload's bare 500. Its
 * transaction is already rolled back, so nothing it meant to write was written.
 */
export const slowQueriesAre503: AfterErrorHook = ({ collection, error, req }) => {
  if (!isCanceledStatement(error)) {
    return
  }
  req.payload.logger.warn({
    msg: 'Request stopped: a database statement ran past DATABASE_STATEMENT_TIMEOUT_MS',
    method: req.method,
    collection: collection?.slug,
  })
  req.responseHeaders = new Headers({ 'Retry-After': String(RETRY_AFTER_SECONDS) })
  return {
    status: 503,
    response: {
      errors: [
        {
          message:
            'The database took too long to answer this request; try a narrower query or again later',
        },
      ],
    },
  }
}
