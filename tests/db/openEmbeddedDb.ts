/**
 * A process that opens an embedded database folder the way the service does, runs SQL and
 * prints `ROWS <json>`. With `hold` it keeps the database open until it is killed, like
 * `npm run dev`. Run with `node --import tsx`.
 *
 *   node --import tsx tests/db/openEmbeddedDb.ts <dataDir> <sql> [hold]
 */
import { embeddedPg } from '../../src/db/embeddedPostgres'

const [dataDir, sql, hold] = process.argv.slice(2)
const pool = new (embeddedPg(dataDir).Pool)()

// Several statements answer a list of results: the last one is printed.
const results = [await pool.query(sql)].flat()
console.log(`ROWS ${JSON.stringify(results[results.length - 1].rows)}`)

if (hold !== 'hold') {
  // Ends the pool but not PGlite, whose only stop is on beforeExit: exit as the CLI does.
  await pool.end()
  process.exit(0)
}
