import type { AfterErrorHook } from 'payload'

type AfterErrorArgs = Parameters<AfterErrorHook>[0]

/** The operation's own error: GraphQL wraps it, REST hands it over as is. */
export function operationError({ error, graphqlResult }: AfterErrorArgs): unknown {
  return graphqlResult ? (error as { originalError?: unknown }).originalError : error
}

/** PostgreSQL's SQLSTATE code of an error or of one of its causes (drizzle wraps pg's error). */
export function postgresCode(error: unknown): string | undefined {
  for (let cause = error, depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
      return code
    }
    cause = (cause as { cause?: unknown }).cause
  }
  return undefined
}

/** Replaces Payload's 500 with `status` and `message`, over REST or GraphQL alike. */
export function answerWith(
  { graphqlResult }: AfterErrorArgs,
  status: number,
  message: string,
): ReturnType<AfterErrorHook> {
  if (graphqlResult) {
    return {
      graphqlResult: {
        ...graphqlResult,
        message,
        extensions: { ...graphqlResult.extensions, statusCode: status },
      },
    }
  }
  return { status, response: { errors: [{ message }] } }
}
