import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The service has no public site of its own: the root leads staff to the admin.
  async redirects() {
    return [{ source: '/', destination: '/admin', permanent: false }]
  },
  // PGlite and pg are server-only and must not be bundled.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg', 'sharp'],
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
