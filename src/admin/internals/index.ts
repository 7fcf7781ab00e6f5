import type {
  Access,
  CollectionBeforeOperationHook,
  SanitizedCollectionConfig,
  SanitizedConfig,
} from 'payload'

import { refuseDeepData, refuseMalformedInput, withoutTimestamps } from '@/access/inputSafety'
import { withoutNul } from '@/shared/nul'
import { rowLockedDeletes } from '@/db/noLostUpdates'
import { tableOfCollection } from '@/shared/sql'

import {
  staffLockAsThemselves,
  staffReadLocks,
  staffReleaseOwnLocks,
  staffRenewOrTakeOverLocks,
} from './ownLockRows'
import {
  ownPreferencesOfStaff,
  staffCreatePreferences,
  staffOnlyEndpoint,
} from './staffPreferences'

const LOCKS = 'payload-locked-documents'
const PREFERENCES = 'payload-preferences'

function internalCollection(config: SanitizedConfig, slug: string): SanitizedCollectionConfig {
  const collection = config.collections.find((candidate) => candidate.slug === slug)
  if (!collection) {
    // Payload renamed or dropped it: fail at start rather than leave it open.
    throw new Error(`Payload's internal collection ${slug} is missing; review its access`)
  }
  return collection
}

type RowRules = Record<'read' | 'create' | 'update' | 'delete', Access>

/** Puts our rules on who may read and write an internal collection's rows; the rest stays. */
function restrictRows(
  config: SanitizedConfig,
  slug: string,
  rules: RowRules,
): SanitizedCollectionConfig {
  const collection = internalCollection(config, slug)
  collection.access = { ...collection.access, ...rules }
  return collection
}

/**
 * The query guard every OBS collection has (withListSafety), on the filters, sort and paging of
 * any read, count, update or delete: without it a staff member's `where[user][equals]=1` (a
 * polymorphic relation Payload's query builder refuses without a status) or `where[key][near]`
 * answered 500 and was logged as an error (review round 34). The bodies these collections take
 * are Payload's own (a lock, a preference) and are left to it, but for how deep they nest: a
 * preference's value nested 10,000 deep in a multipart form was a 500 (session 15).
 */
const guardQueries: CollectionBeforeOperationHook = (hookArgs) => {
  let args = hookArgs.args
  if (hookArgs.operation === 'create' || hookArgs.operation === 'update') {
    refuseDeepData((args as { data?: unknown }).data)
    const data = withoutNul((args as { data?: unknown }).data)
    args = { ...args, data } as typeof args
    // Server-dated, as every OBS collection's: a lock holds five minutes from its `updatedAt`,
    // and one sent dated 2099 froze an account against every edit (review round 39).
    if (data && typeof data === 'object' && !Array.isArray(data) && hookArgs.req.user) {
      args = { ...args, data: withoutTimestamps(data as Record<string, unknown>) } as typeof args
    }
  }
  return hookArgs.operation === 'create'
    ? args
    : refuseMalformedInput({ ...hookArgs, args, operation: 'read' })
}

function withGuardedQueries(collection: SanitizedCollectionConfig) {
  collection.hooks.beforeOperation = [guardQueries, ...(collection.hooks.beforeOperation ?? [])]
  // As every OBS collection (withRowLockedDeletes): two deletes of one lock or preference at
  // once, or a take-over read before a delete, were a 500 or wrote the lock back (review
  // round 39).
  const { lockBeforeDelete, refuseWriteOfDeletedRow } = rowLockedDeletes(
    tableOfCollection(collection.slug),
  )
  collection.hooks.beforeOperation.push(lockBeforeDelete)
  collection.hooks.beforeChange = [
    refuseWriteOfDeletedRow,
    ...(collection.hooks.beforeChange ?? []),
  ]
}

/**
 * Payload adds its admin's own collections (edit locks, preferences) while it sanitizes the
 * config, after every plugin has run, with access open to any signed-in user, and offers
 * no option to change that. So their access is set here, on the sanitized config, before
 * Payload starts; REST, GraphQL and the admin all read it from there.
 */
export function restrictAdminInternals(config: SanitizedConfig): SanitizedConfig {
  restrictRows(config, LOCKS, {
    read: staffReadLocks,
    create: staffLockAsThemselves,
    update: staffRenewOrTakeOverLocks,
    delete: staffReleaseOwnLocks,
  })

  withGuardedQueries(internalCollection(config, LOCKS))
  const preferences = restrictRows(config, PREFERENCES, {
    read: ownPreferencesOfStaff,
    create: staffCreatePreferences,
    update: ownPreferencesOfStaff,
    delete: ownPreferencesOfStaff,
  })
  withGuardedQueries(preferences)
  preferences.endpoints = (preferences.endpoints || []).map((endpoint) =>
    endpoint.path === '/:key' ? staffOnlyEndpoint(endpoint) : endpoint,
  )
  return config
}
