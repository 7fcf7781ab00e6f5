import { randomUUID } from 'node:crypto'
import { link, mkdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'

import type {
  CollectionAfterErrorHook,
  CollectionAfterOperationHook,
  CollectionBeforeOperationHook,
} from 'payload'

import { namesOf, staticDirOf, type StoredNames } from './removeFilesOfFailedWrite'

/** req.context key: where the files a replacement is about to delete are kept meanwhile. */
const KEPT = 'mediaFilesKeptUntilReplaced'

type Kept = { dir: string; folder: string; names: string[] }

/**
 * Payload deletes an upload's stored files as soon as a replacement arrives, before the
 * validation, the stale-write check and the database write that may still refuse it: a
 * refused replacement (an alt text too long) left the row naming files that were gone, a trek's
 * hero broken for everyone (review round 43). The files are kept here first, as hard links in
 * a folder of their own (no copy of the bytes), given back if the write fails and let go once
 * it is saved.
 */
export const keepFilesUntilReplaced: CollectionBeforeOperationHook = async ({
  args,
  collection,
  operation,
  req,
}) => {
  const id = (args as { id?: number | string }).id
  const dir = staticDirOf(collection)
  if (operation !== 'update' || !req.file || id === undefined || !dir) {
    return args
  }
  const row = await req.payload.db.findOne<{ id: number } & StoredNames>({
    collection: collection.slug,
    where: { id: { equals: id } },
    req,
  })
  const names = namesOf(row ?? undefined).map((name) => path.basename(name))
  if (names.length === 0) {
    return args
  }
  const folder = path.join(dir, `.kept-${randomUUID()}`)
  await mkdir(folder)
  const kept: string[] = []
  for (const name of new Set(names)) {
    try {
      await link(path.join(dir, name), path.join(folder, name))
      kept.push(name)
    } catch {
      // A file already missing has nothing to keep.
    }
  }
  req.context[KEPT] = { dir, folder, names: kept } satisfies Kept
  return args
}

const keptOf = (context: Record<string, unknown>) => {
  const kept = context[KEPT] as Kept | undefined
  delete context[KEPT]
  return kept
}

/** The replacement is saved: the old files were meant to go. */
export const letReplacedFilesGo: CollectionAfterOperationHook = async ({ req, result }) => {
  const kept = keptOf(req.context)
  if (kept) {
    await rm(kept.folder, { recursive: true, force: true })
  }
  return result
}

/** The replacement was refused: the old files come back where the row names them. */
export const giveBackReplacedFiles: CollectionAfterErrorHook = async ({ req }) => {
  const kept = keptOf(req.context)
  if (!kept) {
    return
  }
  for (const name of kept.names) {
    await rename(path.join(kept.folder, name), path.join(kept.dir, name)).catch(() => undefined)
  }
  await rm(kept.folder, { recursive: true, force: true })
  req.payload.logger.info({
    msg: 'Gave back the files of an upload whose replacement was refused',
    collection: 'media',
    files: kept.names.length,
  })
}
