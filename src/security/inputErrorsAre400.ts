import type { AfterErrorHook } from 'payload'

import { answerWith, operationError, postgresCode } from './errorAnswers'

/**
 * PostgreSQL's class 22 ("data exception": text where a number belongs, a number out of
 * range, a negative offset) is raised only by values that came in with the request; the
 * guard in src/access/inputSafety.ts refuses the known ones with a precise message, and this
 * is the backstop for any it has not named. A SyntaxError here comes from Payload parsing a
 * `where` or `data` query parameter as JSON. A foreign key violation means a relation named a
 * document that does not exist. The failed operation's transaction is already rolled back.
 *
 * 23503: a relation names a row that does not exist (the id was well formed). 42883 (an
 * operator that does not exist for the column's type, `enum ~~* text`) and 42P10 (an ORDER BY
 * PostgreSQL cannot apply) come from a `where` operator or a `sort` that does not fit its field;
 * the guard refuses the known ones by field type (src/access/operatorsByField.ts, queryLimits.ts).
 */
function clientMessage(error: unknown): string | undefined {
  const code = postgresCode(error)
  if (code?.startsWith('22') || error instanceof SyntaxError) {
    return 'A value in the request does not fit its field (wrong type or range)'
  }
  if (code === '42883' || code === '42P10') {
    return 'A filter or sort in the request cannot be applied to its field'
  }
  if (code === '23503') {
    return 'The request refers to a document that does not exist'
  }
  // 54000: a value past one of PostgreSQL's size limits, such as an index entry over about
  // 2,700 bytes. Fields with a known limit refuse such values by name before they get here.
  if (code === '54000') {
    return 'A value in the request is too long to be stored'
  }
  return undefined
}

export const inputErrorsAre400: AfterErrorHook = (args) => {
  const cause = operationError(args)
  const status = (cause as { status?: number } | undefined)?.status
  const message = status === undefined || status === 500 ? clientMessage(cause) : undefined
  if (!message) {
    return
  }
  // The query string is left out of the log: filters may hold phone numbers or e-mails.
  args.req.payload.logger.info({
    msg: 'Request refused: a value does not fit its field',
    method: args.req.method,
    collection: args.collection?.slug,
  })
  return answerWith(args, 400, message)
}
