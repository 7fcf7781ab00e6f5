/**
 * The one place that reads process.env. Everything else imports `env`.
 *
 * Outside production every secret has a local default so `npm run dev` works on a
 * fresh clone; in production a missing secret stops the process at start-up with
 * the full list of what is missing, instead of failing later on the first request.
 */

// `next build` runs with NODE_ENV=production but is not a running service: it needs no secrets.
const isBuildPhase = process.env.NEXT_PHASE === 'phase-production-build'
const isProduction = process.env.NODE_ENV === 'production' && !isBuildPhase

type Source = Record<string, string | undefined>

const missing: string[] = []

function read(source: Source, name: string): string | undefined {
  const value = source[name]
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}

/** A secret: required in production, a fixed development default elsewhere. */
function secret(source: Source, name: string, devDefault: string): string {
  const value = read(source, name)
  if (value) {
    return value
  }
  if (isProduction) {
    missing.push(name)
    return ''
  }
  return devDefault
}

function optional(source: Source, name: string, fallback: string): string {
  return read(source, name) ?? fallback
}

function integer(source: Source, name: string, fallback: number): number {
  const raw = read(source, name)
  if (raw === undefined) {
    return fallback
  }
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`Environment variable ${name} must be a non-negative integer, got "${raw}"`)
  }
  return value
}

function list(source: Source, name: string): string[] {
  return (read(source, name) ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

/** `name=value` pairs, comma-separated, e.g. `otp_code=1107160000000000001`. */
function pairs(source: Source, name: string): Record<string, string> {
  return Object.fromEntries(
    list(source, name)
      .map((item) => item.split('=').map((part) => part.trim()))
      .filter(([key, value]) => key && value),
  )
}

/** Browser origins (`https://host[:port]`), each checked and written the way browsers send them. */
function origins(source: Source, name: string): string[] {
  return list(source, name).map((entry) => {
    let url: URL
    try {
      url = new URL(entry)
    } catch {
      throw new Error(`Environment variable ${name}: "${entry}" is not an origin like https://host`)
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`Environment variable ${name}: "${entry}" is not an http(s) origin`)
    }
    return url.origin
  })
}

function flag(source: Source, name: string, fallback: boolean): boolean {
  const raw = read(source, name)
  if (raw === undefined) {
    return fallback
  }
  return ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())
}

const DEVELOPMENT_SECRET = 'obs-local-development-secret-not-for-production'

/**
 * PAYLOAD_SECRET signs every session token: a short or patterned one (`aaaa…`, `1234…`) or the
 * development default can be guessed and tokens forged. 32 characters of a random generator
 * (`openssl rand -base64 48`) pass easily.
 */
function weakSecretProblem(value: string): string | undefined {
  const distinct = new Set(value).size
  if (value.length < 32 || distinct < 10 || value === DEVELOPMENT_SECRET) {
    return (
      'PAYLOAD_SECRET must be at least 32 random characters ' +
      '(for example `openssl rand -base64 48`), not a repeated pattern or the development default'
    )
  }
  return undefined
}

export function loadEnv(source: Source = process.env) {
  missing.length = 0
  const serverUrl = optional(
    source,
    'SERVER_URL',
    `http://localhost:${integer(source, 'PORT', 3000)}`,
  )

  const config = {
    isProduction,
    isTest: source.NODE_ENV === 'test' || source.JEST_WORKER_ID !== undefined,
    databaseUri: read(source, 'DATABASE_URI'),
    databaseReadReplicaUris: list(source, 'DATABASE_READ_REPLICA_URIS'),
    databasePoolMax: integer(source, 'DATABASE_POOL_MAX', 10),
    // Longest one SQL statement of this process may run; 0 is no limit (see src/db/statementTimeout.ts).
    databaseStatementTimeoutMs: integer(source, 'DATABASE_STATEMENT_TIMEOUT_MS', 15_000),
    sqlQueryCounter: flag(source, 'SQL_QUERY_COUNTER', false),
    publicCache: {
      seconds: integer(source, 'PUBLIC_CACHE_SECONDS', 30),
      maxEntries: integer(source, 'PUBLIC_CACHE_MAX_ENTRIES', 2000),
      maxMegabytes: integer(source, 'PUBLIC_CACHE_MAX_MB', 32),
    },
    s3: {
      bucket: read(source, 'S3_BUCKET'),
      region: optional(source, 'S3_REGION', 'us-east-1'),
      endpoint: read(source, 'S3_ENDPOINT'),
      accessKeyId: read(source, 'S3_ACCESS_KEY_ID'),
      secretAccessKey: read(source, 'S3_SECRET_ACCESS_KEY'),
      forcePathStyle: flag(source, 'S3_FORCE_PATH_STYLE', false),
    },
    embeddedDataDir: optional(source, 'EMBEDDED_DB_DIR', '.data/pglite'),
    dbPush: flag(source, 'DB_PUSH', false),
    payloadSecret: secret(source, 'PAYLOAD_SECRET', DEVELOPMENT_SECRET),
    port: integer(source, 'PORT', 3000),
    serverUrl,
    seedPassword: optional(source, 'SEED_PASSWORD', 'Tribe!2026'),
    mediaDir: optional(source, 'MEDIA_DIR', 'media'),
    razorpay: {
      keyId: secret(source, 'RAZORPAY_KEY_ID', 'rzp_test_localdevkey'),
      keySecret: secret(source, 'RAZORPAY_KEY_SECRET', 'local-razorpay-secret'),
      webhookSecrets: list(source, 'RAZORPAY_WEBHOOK_SECRETS'),
      apiUrl: optional(source, 'RAZORPAY_API_URL', 'https://api.razorpay.com/v1'),
      // Development runs without keys (the placeholders above); checkout then says so plainly
      // instead of calling Razorpay with keys it would refuse.
      configured: Boolean(read(source, 'RAZORPAY_KEY_ID') && read(source, 'RAZORPAY_KEY_SECRET')),
    },
    google: {
      clientIds: list(source, 'GOOGLE_CLIENT_IDS'),
      certsUrl: read(source, 'GOOGLE_CERTS_URL'),
    },
    apple: {
      clientIds: list(source, 'APPLE_CLIENT_IDS'),
      keysUrl: optional(source, 'APPLE_KEYS_URL', 'https://appleid.apple.com/auth/keys'),
    },
    sms: {
      provider: optional(source, 'SMS_PROVIDER', isProduction ? 'http' : 'console') as
        'console' | 'http',
      httpUrl: read(source, 'SMS_HTTP_URL'),
      httpApiKey: read(source, 'SMS_HTTP_API_KEY'),
      senderId: optional(source, 'SMS_SENDER_ID', 'OBSTRK'),
      templateIds: pairs(source, 'SMS_TEMPLATE_IDS'),
    },
    passwordReset: {
      maxPerClientPerHour: integer(source, 'PASSWORD_RESET_MAX_PER_CLIENT_PER_HOUR', 10),
    },
    otp: {
      allowedCountries: list(source, 'OTP_ALLOWED_COUNTRIES').map((code) => code.toUpperCase()),
      resendCooldownSeconds: integer(source, 'OTP_RESEND_COOLDOWN_SECONDS', 60),
      maxPerPhonePerHour: integer(source, 'OTP_MAX_PER_PHONE_PER_HOUR', 5),
      maxPerIpPerHour: integer(source, 'OTP_MAX_PER_IP_PER_HOUR', 20),
      maxFailedVerifiesPerHour: integer(source, 'OTP_MAX_FAILED_VERIFIES_PER_HOUR', 10),
      maxFailedVerifiesPerClientPerHour: integer(
        source,
        'OTP_MAX_FAILED_VERIFIES_PER_CLIENT_PER_HOUR',
        30,
      ),
    },
    signUp: {
      maxPerIpPerHour: integer(source, 'SIGN_UP_MAX_PER_IP_PER_HOUR', 20),
    },
    signIn: {
      // Failed password sign-ins per client (IPv4 address or IPv6 /64) per 15 minutes;
      // generous, as mobile carriers put many people behind one address.
      maxFailuresPerClient: integer(source, 'SIGN_IN_MAX_FAILURES_PER_CLIENT', 30),
    },
    smtpUrl: read(source, 'SMTP_URL'),
    emailConfirmUrl: optional(source, 'EMAIL_CONFIRM_URL', `${serverUrl}/confirm-email`),
    emailUndoUrl: optional(source, 'EMAIL_UNDO_URL', `${serverUrl}/undo-email-change`),
    mailFrom: optional(source, 'MAIL_FROM', 'OBS Trekking Tribe <no-reply@obs.test>'),
    redisUrl: read(source, 'REDIS_URL'),
    redisKeyPrefix: optional(source, 'REDIS_KEY_PREFIX', 'obs:auth:'),
    bookingHoldMinutes: integer(source, 'BOOKING_HOLD_MINUTES', 30),
    cronEnabled: flag(source, 'CRON_ENABLED', !(source.NODE_ENV === 'test')),
    opsOncall: list(source, 'OPS_ONCALL'),
    sosRepeatWindowMinutes: integer(source, 'SOS_REPEAT_WINDOW_MINUTES', 10),
    sosContactAlertsPerDay: integer(source, 'SOS_CONTACT_ALERTS_PER_DAY', 3),
    jobsStuckMinutes: integer(source, 'JOBS_STUCK_MINUTES', 15),
    corsOrigins: origins(source, 'CORS_ORIGINS'),
    // Origins whose cookie-signed requests are trusted; SERVER_URL is always added by Payload.
    csrfOrigins: read(source, 'CSRF_ORIGINS')
      ? origins(source, 'CSRF_ORIGINS')
      : origins(source, 'CORS_ORIGINS'),
    cookieSecure: flag(source, 'COOKIE_SECURE', isProduction),
    trustedProxyHops: integer(source, 'TRUSTED_PROXY_HOPS', 1),
    limits: {
      apiBodyBytes: integer(source, 'API_BODY_LIMIT_BYTES', 1024 * 1024),
      uploadFileBytes: integer(source, 'UPLOAD_MAX_FILE_BYTES', 10 * 1024 * 1024),
      // Uploads one member (trekker or guide) may make per hour; each is resized by sharp.
      memberUploadsPerHour: integer(source, 'MEMBER_UPLOADS_PER_HOUR', 30),
      // Characters of text in one community post's body (all its text nodes together).
      postMaxChars: integer(source, 'POST_MAX_CHARS', 10_000),
      // Posts one member (trekker or guide) may create per hour; each is served in the feed.
      memberPostsPerHour: integer(source, 'MEMBER_POSTS_PER_HOUR', 30),
    },
  }

  if (config.razorpay.webhookSecrets.length === 0) {
    if (isProduction) {
      missing.push('RAZORPAY_WEBHOOK_SECRETS')
    } else {
      config.razorpay.webhookSecrets = ['local-webhook-secret']
    }
  }
  if (config.otp.allowedCountries.length === 0) {
    config.otp.allowedCountries = ['IN']
  }
  if (isProduction && !config.databaseUri) {
    missing.push('DATABASE_URI')
  }
  if (isProduction && config.sms.provider === 'http' && !config.sms.httpUrl) {
    // The console provider also passes (it sends nothing): name it, as someone trying the
    // production build locally has no SMS provider.
    missing.push('SMS_HTTP_URL (or SMS_PROVIDER=console, which sends no SMS)')
  }
  if (isProduction && !config.smtpUrl) {
    missing.push('SMTP_URL')
  }
  if (Boolean(config.s3.accessKeyId) !== Boolean(config.s3.secretAccessKey)) {
    // Half a key pair would silently fall back to the SDK's own credential chain.
    throw new Error('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together')
  }
  // Every problem in one message: an operator fixing them one start at a time loses a deploy
  // to each. A missing secret is named among the missing, not judged weak as well.
  const problems = [
    ...(missing.length > 0 ? [`missing environment variables: ${missing.join(', ')}`] : []),
    ...(isProduction && !missing.includes('PAYLOAD_SECRET')
      ? [weakSecretProblem(config.payloadSecret)].filter(Boolean)
      : []),
  ]
  if (problems.length > 0) {
    throw new Error(`OBS cannot start in production: ${problems.join('; ')}`)
  }
  return config
}

export type Env = ReturnType<typeof loadEnv>

export const env: Env = loadEnv()
