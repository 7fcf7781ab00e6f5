/**
 * The Content-Security-Policy of this service, in plain JavaScript because next.config.mjs
 * reads it as well as the admin's proxy (src/proxy.ts).
 */

// `next build` and `next start` run with NODE_ENV=production, `next dev` without: the policy
// is fixed when the server is built. Development adds what React's fast refresh needs.
const isProduction = process.env.NODE_ENV === 'production'

/**
 * @param {string} scriptSources what `script-src` allows besides what development adds
 * @returns {string}
 */
function policyWithScripts(scriptSources) {
  return [
    "default-src 'self'",
    `script-src ${scriptSources}${isProduction ? '' : " 'unsafe-eval'"}`,
    // Payload's UI sets inline styles, which carry no nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${isProduction ? '' : ' ws: wss:'}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/**
 * The admin pages' policy: only scripts carrying this request's nonce run, and what they load
 * ('strict-dynamic'). Next reads the nonce from the request's header and puts it on every
 * script it streams, so no inline script is allowed without it.
 *
 * @param {string} nonce
 * @returns {string}
 */
export function adminContentSecurityPolicy(nonce) {
  // Browsers that know 'strict-dynamic' ignore 'self'; older ones need it for Next's chunks.
  return policyWithScripts(`'self' 'nonce-${nonce}' 'strict-dynamic'`)
}

/**
 * Every other response (API, static files, Next's own not-found page) has no proxy to give it
 * a nonce; the not-found page still streams inline scripts, hence 'unsafe-inline' there.
 */
export const staticContentSecurityPolicy = policyWithScripts("'self' 'unsafe-inline'")

/**
 * Files people uploaded, served from /api/media/file: shown as images at most, never run.
 * `sandbox` also gives the document an opaque origin, so nothing in it reaches our cookies.
 */
export const uploadedFileContentSecurityPolicy =
  "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"

/** A fresh nonce for each admin page: 128 random bits, base64 as CSP expects. */
export function newNonce() {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
}
