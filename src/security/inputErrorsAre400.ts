import type { AfterErrorHook } from 'payload'

/**
 * PostgreSQL's class 22 ("data exception": text where a number belongs, a number out of
 * range, a negative offset) is raised only by values that came in with the request; the
 * guard in src/access/inputSafety.ts refuses the known ones with a precise message, and this
 * is the backstop for any it has not named. A SyntaxError here comes from Payload parsing a
 * `where` or `data` query parameter as JSON.
 */
function isClientInputError(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) {
      return true
    }
    cause = (cause as { cause?: unknown }).cause
  }
  return error instanceof SyntaxError
}

export const inputErrorsAre400: AfterErrorHook = ({ collection, error, req }) => {
  const status = (error as { status?: number }).status
  if ((status !== undefined && status !== 500) || !isClientInputError(error)) {
    return
  }
  // The query string is left out of the log: filters may hold phone numbers or e-mails.
  req.payload.logger.info({
    msg: 'Request refused: a value does not fit its field',
    method: req.method,
    collection: collection?.slug,
  })
  return {
    status: 400,
    response: {
      errors: [{ message: 'A value in the request does not fit its field (wrong type or range)' }],
    },
  }
}
