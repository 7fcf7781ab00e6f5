import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { withListSafety } from '@/access/listSafety'
import { catalogCollections } from '@/catalog'
import { communityCollections } from '@/community'
import { env } from '@/config/env'
import { databaseAdapter } from '@/db/databaseAdapter'
import { healthEndpoint } from '@/health/healthEndpoint'
import { mediaCollections } from '@/media'
import { userCollections } from '@/users'

const dirname = path.dirname(fileURLToPath(import.meta.url))

export default buildConfig({
  serverURL: env.serverUrl,
  secret: env.payloadSecret,
  telemetry: false,
  admin: {
    user: 'users',
    meta: { titleSuffix: ' · OBS Admin' },
    importMap: { baseDir: path.resolve(dirname, 'src') },
  },
  collections: [
    ...userCollections,
    ...catalogCollections,
    ...communityCollections,
    ...mediaCollections,
  ].map(withListSafety),
  endpoints: [healthEndpoint],
  db: databaseAdapter(),
  editor: lexicalEditor(),
  sharp,
  defaultDepth: 1,
  maxDepth: 3,
  graphQL: {
    maxComplexity: 1000,
    disablePlaygroundInProduction: true,
  },
  cors: env.corsOrigins.length > 0 ? env.corsOrigins : undefined,
  csrf: env.corsOrigins,
  upload: { limits: { fileSize: 10 * 1024 * 1024 } },
  typescript: { outputFile: path.resolve(dirname, 'src/payload-types.ts') },
})
