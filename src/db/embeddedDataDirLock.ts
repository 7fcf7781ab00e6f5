import fs from 'node:fs'
import path from 'node:path'

/**
 * PGlite has no server of its own: every process that opens a data folder runs its own copy of
 * PostgreSQL on the same files. A second opener (a CLI command while `npm run dev` runs) used
 * to replace the first one's socket and write into its files, and the next start crashed with
 * "Aborted()". So the first opener records its pid in the folder and every other opener
 * refuses while that process lives. A pid whose process is gone (killed, crashed) is stale and
 * taken over, so a restart after an unclean stop works.
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

/**
 * Claims `absoluteDir` for this process or throws EmbeddedDatabaseInUseError naming the live
 * owner. `shownDir` is the folder as the person configured it, for the message. The claim is
 * released when this process exits normally; after a kill it is left behind, stale.
 */
export function claimDataDir(absoluteDir: string, shownDir: string): void {
  const lockPath = path.join(absoluteDir, LOCK_FILE)

  for (;;) {
    // The pid is written to a file of this process's own and linked into place: the link
    // fails if the lock exists, and the lock is never seen empty by another opener.
    const mine = `${lockPath}.${process.pid}`
    fs.writeFileSync(mine, `${process.pid}\n`)
    try {
      fs.linkSync(mine, lockPath)
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err
      }
    } finally {
      fs.rmSync(mine, { force: true })
    }
    const owner = readOwner(lockPath)
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
      throw new EmbeddedDatabaseInUseError(shownDir, owner)
    }
    fs.rmSync(lockPath, { force: true })
  }

  process.once('exit', () => {
    if (readOwner(lockPath) === process.pid) {
      fs.rmSync(lockPath, { force: true })
    }
  })
}
