import type { Endpoint, SanitizedConfig } from 'payload'

/** Payload's version routes: list, read and restore, the same for collections and globals. */
const VERSION_ROUTES = [
  { method: 'get', path: '/versions' },
  { method: 'get', path: '/versions/:id' },
  { method: 'post', path: '/versions/:id' },
] as const

function versionRoutesAnswering(message: string): Endpoint[] {
  return VERSION_ROUTES.map(({ method, path }) => ({
    method,
    path,
    handler: () => Response.json({ errors: [{ message }] }, { status: 404 }),
  }))
}

// Built once, so every config shares the same handlers (the OpenAPI check tells Payload's
// routes from this service's by handler).
const COLLECTION_ROUTES = versionRoutesAnswering('This collection keeps no versions')
const GLOBAL_ROUTES = versionRoutesAnswering('This global keeps no versions')

/**
 * Payload mounts its version routes on every collection and global, versions or not. Where
 * none are kept, the database adapter looks for a versions table that does not exist: a 500
 * with its stack in the error log, which even an anonymous restore reaches before any access
 * check. Payload matches a collection's (or global's) own endpoints before its defaults, so
 * these answer 404 in their place, and log nothing. GraphQL has no version queries for them.
 */
export function versionRoutesAre404(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    if (!collection.versions && collection.endpoints !== false) {
      collection.endpoints = [...COLLECTION_ROUTES, ...collection.endpoints]
    }
  }
  for (const global of config.globals) {
    if (!global.versions && global.endpoints !== false) {
      global.endpoints = [...GLOBAL_ROUTES, ...global.endpoints]
    }
  }
  return config
}
