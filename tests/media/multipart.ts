import { handleEndpoints } from 'payload'

import type { ApiResponse } from '../helpers/api'
import { config } from '../helpers/payload'

/** A multipart create (`POST /api/media`) or file replacement (`PATCH /api/media/:id`). */
export async function sendFile(
  method: 'POST' | 'PATCH',
  path: string,
  file: { data: Buffer; name: string; type: string },
  options: { token: string; data?: Record<string, unknown> },
): Promise<ApiResponse> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(file.data)], { type: file.type }), file.name)
  form.append('_payload', JSON.stringify(options.data ?? {}))
  const url = `http://localhost:3000/api${path}`
  const request = new Request(url, {
    method,
    headers: { Authorization: `JWT ${options.token}` },
    body: form,
  })
  const response = await handleEndpoints({ config, request, path: new URL(url).pathname })
  const text = await response.text()
  return {
    status: response.status,
    body: text ? JSON.parse(text) : text,
    headers: response.headers,
  }
}
