import fs from 'node:fs'
import path from 'node:path'

/**
 * PGlite has no server of its own: every process that opens a data folder runs its own copy of
 * PostgreSQL on the same files. A second opener (a CLI command while `npm run dev` runs) used
 * to replace the first one's socket and write into its files, and the next start crashed with
 * "Aborted()". So the first opener records its pid in the folder and every other opener
 * refuses while that process lives. A pid whose process is gone (killed, crashed) is stale and
 * taken over (by one opener only, see removeIfStale), so a restart after an unclean stop works.
 */

const LOCK_FILE = 'opened-by.pid'

export class EmbeddedDatabaseInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid} (npm run dev?). ` +
        'Stop it first, or set DATABASE_URI.',
    )
    this.name = 'EmbeddedDatabaseInUseError'
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readOwner(lockPath: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(lockPath, 'utf8').trim())
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

const errorCode = (err: unknown) => (err as NodeJS.ErrnoException).code

/** Creates the lock naming this process; false when a lock is already there. */
function tryLock(lockPath: string): boolean {
  // The pid is written to a file of this process's own and linked into place: the link
  // fails if the lock exists, and the lock is never seen empty by another opener.
  const mine = `${lockPath}.${process.pid}`
  fs.writeFileSync(mine, `${process.pid}\n`)
  try {
    fs.linkSync(mine, lockPath)
    return true
  } catch (err) {
    if (errorCode(err) !== 'EEXIST') {
      throw err
    }
    return false
  } finally {
    fs.rmSync(mine, { force: true })
  }
}

const sameFile = (a: fs.Stats, b: fs.Stats) => a.ino === b.ino && a.dev === b.dev

/**
 * Removes the lock if the process it names is gone, or throws EmbeddedDatabaseInUseError
 * naming its live owner. Two openers that find the same stale lock must not both remove
 * "the lock": the second would remove the first one's fresh lock, and both would open the
 * folder. So the lock is judged through a hard link of this process's own (what it names
 * cannot change under us) and then moved aside by a rename, which only one opener can do to
 * a given file; if the file moved is not the one judged (another opener took over in
 * between), it is put back. Either way the caller tries to lock again.
 */
function removeIfStale(lockPath: string, shownDir: string): void {
  const judged = `${lockPath}.judged.${process.pid}`
  const moved = `${lockPath}.moved.${process.pid}`
  fs.rmSync(judged, { force: true })
  try {
    try {
      fs.linkSync(lockPath, judged)
    } catch (err) {
      if (errorCode(err) === 'ENOENT') {
        return
      }
      throw err
    }
    const owner = readOwner(judged)
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      throw new EmbeddedDatabaseInUseError(shownDir, owner)
    }
    try {
      fs.renameSync(lockPath, moved)
    } catch (err) {
      if (errorCode(err) === 'ENOENT') {
        return
      }
      throw err
    }
    if (sameFile(fs.statSync(moved), fs.statSync(judged))) {
      return
    }
    try {
      fs.linkSync(moved, lockPath)
    } catch (err) {
      // A third opener locked the folder in the instant the lock was moved aside; this process
      // stays out (the next look finds that lock), but cannot undo that two others now run.
      if (errorCode(err) !== 'EEXIST') {
        throw err
      }
    }
  } finally {
    fs.rmSync(judged, { force: true })
    fs.rmSync(moved, { force: true })
  }
}

/**
 * Claims `absoluteDir` for this process or throws EmbeddedDatabaseInUseError naming the live
 * owner. `shownDir` is the folder as the person configured it, for the message. The claim is
 * released when this process exits normally; after a kill it is left behind, stale.
 */
export function claimDataDir(absoluteDir: string, shownDir: string): void {
  const lockPath = path.join(absoluteDir, LOCK_FILE)

  while (!tryLock(lockPath)) {
    removeIfStale(lockPath, shownDir)
  }

  process.once('exit', () => {
    if (readOwner(lockPath) === process.pid) {
      fs.rmSync(lockPath, { force: true })
    }
  })
}
