import os from 'node:os'
import path from 'node:path'

// Every test process talks to the database that scripts/test.mjs created for this run; each
// parallel worker to its own copy, so files in different workers never share rows.
if (process.env.TEST_WORKER_DATABASE_PREFIX) {
  process.env.DATABASE_URI = `${process.env.TEST_WORKER_DATABASE_PREFIX}_w${process.env.JEST_WORKER_ID ?? '1'}`
}
if (!process.env.DATABASE_URI) {
  throw new Error(
    'DATABASE_URI is not set: run the tests with `npm test`, which creates a fresh database',
  )
}
process.env.CRON_ENABLED ??= 'false'
// Payments count as configured when both keys are set; the tests aim them at a local fake.
process.env.RAZORPAY_KEY_ID ??= 'rzp_test_obs'
process.env.RAZORPAY_KEY_SECRET ??= 'obs-test-razorpay-secret'
process.env.PAYLOAD_SECRET ??= 'obs-test-secret-that-is-long-enough-0123456789'
process.env.SEED_PASSWORD ??= 'Tribe!2026'
// A browser app origin allowed to use cookies (tests/hardening checks the others are refused).
process.env.CORS_ORIGINS ??= 'https://app.obs.test'
// Uploads made by tests go to a throwaway folder, never the repository's media/.
process.env.MEDIA_DIR ??= path.join(os.tmpdir(), `obs-test-media-${process.pid}`)
// The whole suite signs up far more than 20 accounts from one test "client address"; the tests
// of the sign-up cap lower it themselves.
process.env.SIGN_UP_MAX_PER_IP_PER_HOUR ??= '100000'
// Likewise failed password sign-ins: the suite's wrong-password tests share one client address;
// the tests of this budget set it themselves.
process.env.SIGN_IN_MAX_FAILURES_PER_CLIENT ??= '100000'
// And wrong sign-in codes; the test of this budget sets it itself.
process.env.OTP_MAX_FAILED_VERIFIES_PER_CLIENT_PER_HOUR ??= '100000'
// And password reset requests; the test of this budget sets it itself.
process.env.PASSWORD_RESET_MAX_PER_CLIENT_PER_HOUR ??= '100000'
