/**
 * `npm run generate:openapi -- <file>`: writes the served OpenAPI document to a file,
 * through the same endpoint /api/openapi.json answers with, without starting Next.
 */
import { writeFile } from 'node:fs/promises'

import config from '@payload-config'
import { getPayload, handleEndpoints } from 'payload'

const target = process.argv[2] ?? 'openapi.json'
const url = 'http://localhost:3000/api/openapi.json'

const payload = await getPayload({ config })
try {
  const response = await handleEndpoints({
    config,
    request: new Request(url),
    path: '/api/openapi.json',
  })
  if (response.status !== 200) {
    throw new Error(`GET /api/openapi.json answered ${response.status}: ${await response.text()}`)
  }
  await writeFile(target, `${JSON.stringify(await response.json(), null, 2)}\n`)
  payload.logger.info({ msg: 'OpenAPI document written', file: target })
} finally {
  await payload.destroy()
}
process.exit(0)
