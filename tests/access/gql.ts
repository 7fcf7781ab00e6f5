/** A GraphQL enum value inside an inline input object. */
export class GqlEnum {
  constructor(readonly value: string) {}
}

export const gqlEnum = (value: string) => new GqlEnum(value)

/** Prints a value as an inline GraphQL input literal: `{ name: "x", difficulty: easy }`. */
export function gqlLiteral(value: unknown): string {
  if (value instanceof GqlEnum) {
    return value.value
  }
  if (Array.isArray(value)) {
    return `[${value.map(gqlLiteral).join(', ')}]`
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, v]) => `${key}: ${gqlLiteral(v)}`)
    return `{ ${entries.join(', ')} }`
  }
  return JSON.stringify(value)
}

export const NOT_ALLOWED = 'You are not allowed to perform this action.'

/** What a GraphQL write refused for want of credentials says (401), as REST does. */
export const SIGN_IN_FIRST = 'Sign in to do this: no valid credentials were sent'

/** The refusal a role gets: anonymous callers are told to sign in, roles that may not, 403. */
export const notAllowedFor = (role: string) => (role === 'anonymous' ? SIGN_IN_FIRST : NOT_ALLOWED)
