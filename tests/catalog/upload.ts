import { handleEndpoints } from 'payload'

import type { ApiResponse } from '../helpers/api'
import { config } from '../helpers/payload'

/** A multipart upload to a collection, as the admin panel and the apps send it. */
export async function upload(
  collection: string,
  file: { data: Buffer | string; name: string; type: string },
  options: { token?: string; data?: Record<string, unknown> } = {},
): Promise<ApiResponse> {
  const form = new FormData()
  const bytes = typeof file.data === 'string' ? file.data : new Uint8Array(file.data)
  form.append('file', new Blob([bytes], { type: file.type }), file.name)
  form.append('_payload', JSON.stringify(options.data ?? {}))
  const headers = new Headers()
  if (options.token) {
    headers.set('Authorization', `JWT ${options.token}`)
  }
  const url = `http://localhost:3000/api/${collection}`
  const request = new Request(url, { method: 'POST', headers, body: form })
  const response = await handleEndpoints({ config, request, path: new URL(url).pathname })
  const text = await response.text()
  return {
    status: response.status,
    body: text ? JSON.parse(text) : text,
    headers: response.headers,
  }
}
