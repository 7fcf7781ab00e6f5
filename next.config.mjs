import { withPayload } from '@payloadcms/next/withPayload'

import {
  staticContentSecurityPolicy,
  uploadedFileContentSecurityPolicy,
} from './src/security/contentSecurityPolicy.mjs'

export { staticContentSecurityPolicy }

// `next build` and `next start` run with NODE_ENV=production, `next dev` without: the headers
// below are fixed when the server is built.
const isProduction = process.env.NODE_ENV === 'production'

/** Sent with every response, pages, API and static files alike. */
export const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // Browsers honour HSTS only over HTTPS, so a local `npm start` on http is unaffected.
  ...(isProduction
    ? [{ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }]
    : []),
]

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The service has no public site of its own: the root leads staff to the admin.
  async redirects() {
    return [{ source: '/', destination: '/admin', permanent: false }]
  },
  // The admin pages get a policy with a fresh nonce from src/proxy.ts instead of this fixed
  // one. The API docs page (/api/docs) sends its own stricter policy; the GraphQL playground
  // (development only) loads its script from a CDN and is left without one.
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      {
        source: '/:path((?!admin$|admin/|api/docs|api/graphql-playground|api/media/file/).*)',
        headers: [{ key: 'Content-Security-Policy', value: staticContentSecurityPolicy }],
      },
      // Uploaded files are the public's bytes on the admin's origin: whatever a browser makes
      // of one (an SVG, XHTML inside a "GPX"), it runs no script and reaches no cookie.
      {
        source: '/api/media/file/:path*',
        headers: [{ key: 'Content-Security-Policy', value: uploadedFileContentSecurityPolicy }],
      },
    ]
  },
  // Minified server code loses class names, and Payload words its error responses from
  // `error.name`: minified, every APIError answered "An unknown error occurred.".
  experimental: { serverMinification: false },
  // PGlite and pg are server-only and must not be bundled.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg', 'sharp'],
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
