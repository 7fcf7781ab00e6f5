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
 * Every page and API response, the admin's included: Next streams the admin's data in inline
 * scripts, hence 'unsafe-inline' (a nonce policy is the next step; see README).
 */
export const staticContentSecurityPolicy = policyWithScripts("'self' 'unsafe-inline'")

/**
 * Files people uploaded, served from /api/media/file: shown as images at most, never run.
 * `sandbox` also gives the document an opaque origin, so nothing in it reaches our cookies.
 */
export const uploadedFileContentSecurityPolicy =
  "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"
