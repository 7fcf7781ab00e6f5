import path from 'node:path'

/**
 * The Node flag every server or CLI a test spawns gets, so that it hashes passwords as the
 * test process does (fastPasswordHashing.cjs): a password set on one side signs in on the other.
 */
export const FAST_PASSWORD_HASHING = `--require=${path.resolve('tests/helpers/fastPasswordHashing.cjs')}`
