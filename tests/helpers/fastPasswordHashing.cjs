/**
 * Payload hashes passwords with PBKDF2-SHA256 at 600,000 iterations: about 0.4 s of CPU for
 * every sign-in, password set and password proof on this kind of machine, which made password
 * hashing most of the test suite's time. Test processes (jest's setupFiles, and every server or
 * CLI a test spawns, through `--require`) run the same hashing code at 1,000 iterations
 * instead: the salts, hash format, comparison and every code path stay Payload's own; only
 * the work factor is lowered, as test settings of password hashers usually do. Loaded before
 * any module imports `crypto`, so ESM named imports see it too. Production never loads this.
 */
// CommonJS, so that it runs before any ES module imports `crypto`.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const crypto = require('node:crypto')

const PAYLOAD_ITERATIONS = 600_000
const TEST_ITERATIONS = 1_000
const PATCHED = Symbol.for('obs.fastPasswordHashing')

if (!crypto.pbkdf2[PATCHED]) {
  const realPbkdf2 = crypto.pbkdf2
  const realPbkdf2Sync = crypto.pbkdf2Sync
  const lowered = (iterations) => (iterations === PAYLOAD_ITERATIONS ? TEST_ITERATIONS : iterations)
  const pbkdf2 = (password, salt, iterations, keylen, digest, callback) =>
    realPbkdf2(password, salt, lowered(iterations), keylen, digest, callback)
  pbkdf2[PATCHED] = true
  crypto.pbkdf2 = pbkdf2
  crypto.pbkdf2Sync = (password, salt, iterations, keylen, digest) =>
    realPbkdf2Sync(password, salt, lowered(iterations), keylen, digest)
}
