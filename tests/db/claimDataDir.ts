/**
 * A process that claims an embedded database folder and nothing else, for races between
 * openers: waits until the instant `startAt` (ms since the epoch) so that several start
 * together, prints `CLAIMED` or `IN USE <pid>`, and a claimer holds the folder until killed.
 *
 *   node --import tsx tests/db/claimDataDir.ts <dataDir> <startAt>
 */
import { claimDataDir, EmbeddedDatabaseInUseError } from '../../src/db/embeddedDataDirLock'

const [dataDir, startAt] = process.argv.slice(2)

while (Date.now() < Number(startAt)) {
  // Busy wait: a timer would let the openers start milliseconds apart.
}
try {
  claimDataDir(dataDir, dataDir)
  console.log('CLAIMED')
  setInterval(() => undefined, 60_000)
} catch (err) {
  if (!(err instanceof EmbeddedDatabaseInUseError)) {
    throw err
  }
  console.log(`IN USE ${/process (\d+)/.exec(err.message)?.[1]}`)
}
