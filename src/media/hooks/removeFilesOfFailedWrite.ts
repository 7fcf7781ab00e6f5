import { stat, unlink } from 'node:fs/promises'
import path from 'node:path'

import type {
  CollectionAfterErrorHook,
  CollectionAfterOperationHook,
  CollectionBeforeValidateHook,
  CollectionConfig,
  Where,
} from 'payload'

/** req.context key: files this request is about to write for a media row not yet saved. */
const NEW_FILES = 'mediaFilesWrittenBeforeSave'

export type StoredNames = {
  filename?: unknown
  sizes?: Record<string, { filename?: unknown } | null>
}

export const namesOf = (doc: StoredNames | undefined): string[] =>
  [doc?.filename, ...Object.values(doc?.sizes ?? {}).map((size) => size?.filename)].filter(
    (name): name is string => typeof name === 'string' && name.length > 0,
  )

export const staticDirOf = (collection: CollectionConfig): string | null =>
  typeof collection.upload === 'object' &&
  collection.upload.staticDir &&
  !collection.upload.disableLocalStorage
    ? collection.upload.staticDir
    : null

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  )

/**
 * Payload writes the original and its resized copies before it inserts the row, and removes
 * nothing when a later step fails (a resized name too long for the disk, a database error).
 * Runs just before the files are written, so it notes the new ones: names the row did not
 * have before and that are not in the folder yet (an edit that re-crops keeps its names).
 */
export const rememberNewFiles: CollectionBeforeValidateHook = async ({
  collection,
  data,
  originalDoc,
  req,
}) => {
  const dir = staticDirOf(collection)
  if (!dir || !data) {
    return data
  }

  const kept = new Set(namesOf(originalDoc as StoredNames | undefined))
  const candidates = namesOf(data as StoredNames).filter((name) => !kept.has(name))
  const fresh = []
  for (const name of new Set(candidates)) {
    if (!(await exists(path.join(dir, name)))) {
      fresh.push(name)
    }
  }
  req.context[NEW_FILES] = fresh
  return data
}

/** The row is saved: its files are no longer ours to remove. */
export const forgetNewFiles: CollectionAfterOperationHook = ({ req, result }) => {
  delete req.context[NEW_FILES]
  return result
}

/** Files of the new names that some saved row points at (the winner of a name race). */
async function namesInUse(
  payload: Parameters<CollectionAfterErrorHook>[0]['req']['payload'],
  collection: CollectionConfig,
  names: string[],
): Promise<Set<string>> {
  const sizeNames =
    typeof collection.upload === 'object' ? (collection.upload.imageSizes ?? []) : []
  const where: Where = {
    or: [
      { filename: { in: names } },
      ...sizeNames.map((size) => ({ [`sizes.${size.name}.filename`]: { in: names } })),
    ],
  }
  const { docs } = await payload.find({
    collection: collection.slug as 'media',
    where,
    depth: 0,
    limit: names.length,
    pagination: false,
    overrideAccess: true,
  })
  return new Set(docs.flatMap((doc) => namesOf(doc as StoredNames)))
}

/** A create or update refused after the files were written leaves the folder as it found it. */
export const removeFilesOfFailedWrite: CollectionAfterErrorHook = async ({ collection, req }) => {
  const dir = staticDirOf(collection)
  const written = req.context[NEW_FILES]
  delete req.context[NEW_FILES]
  if (!dir || !Array.isArray(written) || written.length === 0) {
    return
  }

  const inUse = await namesInUse(req.payload, collection, written)
  const orphans = written.filter((name) => !inUse.has(name))
  const results = await Promise.allSettled(
    orphans.map((name) => unlink(path.join(dir, path.basename(name)))),
  )
  // ENOENT: the write that failed never made that file.
  const failed = results.filter(
    (result) =>
      result.status === 'rejected' && (result.reason as NodeJS.ErrnoException)?.code !== 'ENOENT',
  )
  req.payload.logger.info({
    msg: 'Removed the files of a media upload that was refused',
    collection: collection.slug,
    removed: results.filter((result) => result.status === 'fulfilled').length,
    ...(failed.length ? { notRemoved: failed.length } : {}),
  })
}
