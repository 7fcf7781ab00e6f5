import { Forbidden, type CollectionConfig, type JobsConfig, type PayloadRequest } from 'payload'

import { isSuperAdmin, type AuthUser } from '@/access/roles'

/**
 * Jobs send mail and SMS, expire holds and move refunds; production keeps them in the
 * dedicated worker (CRON_ENABLED=false), and server code runs them with access overridden.
 * Payload's default lets any signed-in user run every queue from the web process through
 * `GET /api/payload-jobs/run`, so only a super admin may, by hand. Payload itself answers a
 * `false` here with 401 for everyone; a signed-in caller is told 403 instead, as the
 * contract says, and a caller with no credentials still gets 401.
 */
function superAdminOnly({ req }: { req: PayloadRequest }): boolean {
  if (isSuperAdmin(req.user as AuthUser)) {
    return true
  }
  if (req.user) {
    throw new Forbidden(req.t)
  }
  return false
}

export const jobsAccess: JobsConfig['access'] = {
  run: superAdminOnly,
  queue: superAdminOnly,
  cancel: superAdminOnly,
}

/**
 * Our schedules are queued by our own scheduler (src/jobs/schedules), not by Payload's,
 * so Payload's `GET /api/payload-jobs/handle-schedules` has nothing to do and answered 500
 * "no schedules are defined". It now checks access first and then says so with a 404.
 */
export function withoutPayloadSchedulesEndpoint({
  defaultJobsCollection,
}: {
  defaultJobsCollection: CollectionConfig
}): CollectionConfig {
  return {
    ...defaultJobsCollection,
    endpoints: (defaultJobsCollection.endpoints || []).map((endpoint) => {
      if (endpoint.path !== '/handle-schedules') {
        return endpoint
      }
      return {
        ...endpoint,
        handler: async (req: PayloadRequest) => {
          if (req.payload.config.jobs.scheduling) {
            return endpoint.handler(req)
          }
          if (!superAdminOnly({ req })) {
            throw new Forbidden(req.t)
          }
          return Response.json(
            { message: 'Schedules are queued by the worker; this endpoint has none to handle' },
            { status: 404 },
          )
        },
      }
    }),
  }
}
