/**
 * What a log line may never carry, whoever wrote the call: credentials, one-time codes,
 * signatures, health details and whole phone numbers. Applied to every line by the logger
 * (see ./logger), so a careless `logger.info({ ...body })` still leaks nothing.
 */

const REDACTED = '[redacted]'

/** Keys whose values are secrets or health details, compared without case, `-` or `_`. */
const SECRET_KEYS = new Set(
  [
    'password',
    'newPassword',
    'currentPassword',
    'confirmPassword',
    'hash',
    'salt',
    'token',
    'accessToken',
    'refreshToken',
    'idToken',
    'resetPasswordToken',
    'verificationToken',
    'apiKey',
    'secret',
    'keySecret',
    'webhookSecret',
    'signature',
    'razorpaySignature',
    'xRazorpaySignature',
    'xApiKey',
    'authorization',
    'cookie',
    'setCookie',
    'codeHash',
    'tokenHash',
    'sessions',
    // Health details: free text about a trekker's body and an SOS message are medical data.
    'medicalNotes',
    'medicalConditions',
    'healthNotes',
    'healthDetails',
    'allergies',
    'medications',
    'bloodGroup',
    'incidentMessage',
    'sosMessage',
  ].map(normaliseKey),
)

function normaliseKey(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase()
}

/** `code` names error codes too (ECONNREFUSED, 57P01); only digits look like a one-time code. */
const CODE_KEYS = new Set(['code', 'otp', 'otpcode', 'currentcode'])

export function isSecretKey(key: string, value?: unknown): boolean {
  const normal = normaliseKey(key)
  if (CODE_KEYS.has(normal)) {
    return /^\s*\d{4,8}\s*$/.test(String(value))
  }
  return SECRET_KEYS.has(normal)
}

/**
 * Phone numbers written anywhere in text, as people write them: international numbers (`+`,
 * then 8 to 15 digits) and Indian mobiles (10 digits starting 6–9, a trunk `0` allowed), each
 * digit optionally after one space or dash ("+91 98123 45678", "98123-45678", "+919812345678").
 */
const PHONE_PATTERN = /\+[1-9](?:[ -]?\d){7,14}(?!\d)|(?<![\d.])0?[6-9](?:[ -]?\d){9}(?!\d|\.\d)/g
/** A JWT (three base64url parts, the first a JSON header) or a bearer credential. */
const JWT_PATTERN = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]{5,}/g
const BEARER_PATTERN = /\b(Bearer|JWT)\s+[\w.~+/-]{8,}=*/gi

/** Keeps the country code and the last four digits: enough to tell two numbers apart. */
export function maskPhoneNumber(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  const tail = digits.slice(-4)
  const head = phone.startsWith('+') ? phone.slice(0, 3) : ''
  return `${head}******${tail}`
}

/**
 * A failed query's error (drizzle's) ends its message with the statement's parameters: names,
 * e-mails, phones, whatever the row held. Payload logs it before any hook of ours runs. The
 * statement itself stays (it says what failed), and so does the stack after it; its values
 * do not.
 */
const QUERY_PARAMS_PATTERN = /\nparams: [\s\S]*?(?=\n\s+at |$)/

export function scrubText(text: string): string {
  return text
    .replace(QUERY_PARAMS_PATTERN, `\nparams: ${REDACTED}`)
    .replace(JWT_PATTERN, REDACTED)
    .replace(BEARER_PATTERN, `$1 ${REDACTED}`)
    .replace(PHONE_PATTERN, (match) => maskPhoneNumber(match))
}

const MAX_DEPTH = 8

/** A copy of `value` safe to log: secret keys censored, phones masked, errors flattened. */
export function scrubValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') {
    return scrubText(value)
  }
  if (value === null || typeof value !== 'object') {
    return value
  }
  if (depth >= MAX_DEPTH || seen.has(value)) {
    return '[truncated]'
  }
  seen.add(value)
  if (value instanceof Error) {
    // pino's error serializer reads type, message and stack; keep that shape, scrubbed.
    const flat: Record<string, unknown> = {
      type: value.name,
      message: scrubText(value.message),
      stack: value.stack ? scrubText(value.stack) : undefined,
    }
    // A failed query carries its parameters; PostgreSQL's own error quotes row values in
    // `detail` ("Key (email)=(…) already exists").
    const rowValueKey =
      'query' in value && 'params' in value ? 'params' : 'severity' in value ? 'detail' : null
    for (const [key, inner] of Object.entries(value)) {
      flat[key] =
        isSecretKey(key, inner) || key === rowValueKey
          ? REDACTED
          : scrubValue(inner, depth + 1, seen)
    }
    return flat
  }
  if (Array.isArray(value)) {
    return value.map((item) => scrubValue(item, depth + 1, seen))
  }
  if (value instanceof Date) {
    return value
  }
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value)) {
    out[key] =
      isSecretKey(key, inner) && inner != null ? REDACTED : scrubValue(inner, depth + 1, seen)
  }
  return out
}
