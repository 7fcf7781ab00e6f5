import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { restrictAdminInternals } from '@/admin/internals'
import { anonymousIsUnauthorized } from '@/access/anonymousIsUnauthorized'
import { withListSafety } from '@/access/listSafety'
import { bookingCollections } from '@/bookings'
import { catalogCollections, withCatalogChangeTracking } from '@/catalog'
import { communityCollections } from '@/community'
import { env } from '@/config/env'
import { databaseAdapter } from '@/db/databaseAdapter'
import { withLockCheckInTransaction } from '@/db/lockCheckInTransaction'
import { withRowLockedDeletes } from '@/db/noLostUpdates'
import { emergencyCollections } from '@/emergency'
import { healthEndpoint } from '@/health/healthEndpoint'
import { keepConnectionsForSideStatements } from '@/db/transactionGate'
import { jobCollections, jobsConfig, onInit } from '@/jobs'
import { appLogger, logApiErrorsByStatus, logGraphqlErrorsByStatus, loggingLevels } from '@/logging'
import { mediaCollections, mediaStoragePlugins } from '@/media'
import { emailAdapter, notificationCollections } from '@/notifications'
import { openapiPlugin } from '@/openapi'
import { paymentCollections, paymentEndpoints, paymentsPlugin } from '@/payments'
import { inputErrorsAre400 } from '@/security/inputErrorsAre400'
import { limitRootFields } from '@/security/graphqlRootFieldLimit'
import { accessQueryAnswersFalse } from '@/security/graphqlAccessQuery'
import { slowQueriesAre503 } from '@/security/statementTimeout'
import { collisionsAre409 } from '@/security/collisionsAre409'
import { versionRoutesAre404 } from '@/security/versionRoutesAre404'
import {
  keepAccountCopiesFromUndoingChanges,
  lockedLooksLikeWrongPassword,
  logoutNeedsSignIn,
  userCollections,
  userGraphQLMutations,
} from '@/users'
import { refuseNulInQueries } from '@/db/nulInQueries'

const dirname = path.dirname(fileURLToPath(import.meta.url))

// Payload adds its admin's own collections while it builds the config; their access is
// tightened afterwards (see restrictAdminInternals), and the version routes it mounts on
// every collection answer 404 where no versions are kept (versionRoutesAre404).
export default buildConfig({
  serverURL: env.serverUrl,
  secret: env.payloadSecret,
  telemetry: false,
  logger: appLogger(),
  loggingLevels,
  admin: {
    user: 'users',
    meta: {
      titleSuffix: ' · OBS Admin',
      // Payload's `GET /api/og` rendered a link-preview PNG for anyone, seconds of CPU for a long
      // description, and fetched fonts and emoji from third-party hosts (review round 29). The
      // admin is not shared as links: the route answers 400.
      defaultOGImageType: 'off',
    },
    importMap: { baseDir: path.resolve(dirname, 'src') },
    components: { beforeDashboard: ['/admin/dashboard/RoleDashboard#RoleDashboard'] },
    // Gravatar would send staff e-mail hashes to a third party and fails on a closed network.
    avatar: 'default',
  },
  collections: [
    ...userCollections,
    ...catalogCollections,
    ...bookingCollections,
    ...paymentCollections,
    ...communityCollections,
    ...emergencyCollections,
    ...mediaCollections,
    ...notificationCollections,
    ...jobCollections,
  ]
    .map(withListSafety)
    .map(withCatalogChangeTracking)
    .map(withLockCheckInTransaction)
    .map(withRowLockedDeletes),
  endpoints: [healthEndpoint, ...paymentEndpoints],
  jobs: jobsConfig,
  onInit: async (payload) => {
    keepConnectionsForSideStatements(payload)
    keepAccountCopiesFromUndoingChanges(payload)
    refuseNulInQueries(payload)
    await onInit(payload)
  },
  hooks: {
    afterError: [
      logApiErrorsByStatus,
      logGraphqlErrorsByStatus,
      anonymousIsUnauthorized,
      lockedLooksLikeWrongPassword,
      logoutNeedsSignIn,
      inputErrorsAre400,
      slowQueriesAre503,
      collisionsAre409,
    ],
  },
  email: emailAdapter(),
  plugins: [paymentsPlugin, openapiPlugin, ...mediaStoragePlugins(env.s3)],
  db: databaseAdapter(),
  editor: lexicalEditor(),
  sharp,
  defaultDepth: 1,
  maxDepth: 3,
  graphQL: {
    maxComplexity: 1000,
    validationRules: () => [limitRootFields],
    disablePlaygroundInProduction: true,
    queries: accessQueryAnswersFalse,
    mutations: userGraphQLMutations,
  },
  // Browsers may call the API with cookies only from these origins; Bearer/JWT header calls
  // (the apps) are not affected. Payload ignores a cookie sent from any other origin.
  cors: env.corsOrigins.length > 0 ? env.corsOrigins : undefined,
  csrf: [...env.csrfOrigins],
  // A file over the limit is refused with 413 while it streams in.
  upload: { limits: { fileSize: env.limits.uploadFileBytes }, abortOnLimit: true },
  typescript: {
    outputFile: path.resolve(dirname, 'src/payload-types.ts'),
    // Outside production Payload spawns `payload generate:types` at every start: in tests that
    // is a second full config load per test file and per spawned server. Tests and CI check the
    // committed types instead (scripts/check-generated.sh); `npm run dev` keeps regenerating.
    autoGenerate: process.env.NODE_ENV !== 'test',
  },
})
  .then(restrictAdminInternals)
  .then(versionRoutesAre404)
