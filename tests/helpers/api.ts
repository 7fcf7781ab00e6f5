import { GRAPHQL_POST } from '@payloadcms/next/routes'
import { handleEndpoints } from 'payload'

import { config } from './payload'

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers }

type RequestOptions = {
  token?: string
  body?: unknown
  headers?: Record<string, string>
  /** A raw body sent as is (for malformed JSON, webhooks signed over exact bytes). */
  rawBody?: string
}

const BASE = 'http://localhost:3000'

/** Calls Payload's REST API in-process, exactly as the Next route handler does. */
export async function api<T = any>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers = new Headers(options.headers)
  if (options.token) {
    headers.set('Authorization', `JWT ${options.token}`)
  }
  let body: string | undefined = options.rawBody
  if (options.body !== undefined) {
    headers.set('Content-Type', 'application/json')
    body = JSON.stringify(options.body)
  }
  const url = `${BASE}${path.startsWith('/api') ? path : `/api${path}`}`
  const request = new Request(url, { method, headers, body })
  const response = await handleEndpoints({ config, request, path: new URL(url).pathname })
  return readResponse<T>(response)
}

const graphqlHandler = GRAPHQL_POST(config)

/** Calls the GraphQL endpoint in-process. */
export async function graphql<T = any>(
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
  extraHeaders: Record<string, string> = {},
): Promise<ApiResponse<{ data?: T; errors?: Array<{ message: string; extensions?: any }> }>> {
  const headers = new Headers({ ...extraHeaders, 'Content-Type': 'application/json' })
  if (token) {
    headers.set('Authorization', `JWT ${token}`)
  }
  const request = new Request(`${BASE}/api/graphql`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  })
  return readResponse(await graphqlHandler(request))
}

async function readResponse<T>(response: Response): Promise<ApiResponse<T>> {
  const text = await response.text()
  let body: any = text
  if ((response.headers.get('content-type') ?? '').includes('json') && text) {
    body = JSON.parse(text)
  }
  return { status: response.status, body, headers: response.headers }
}

/** Builds a REST query string the way Payload's clients do (`where[a][equals]=b`). */
export function qs(params: Record<string, unknown>, prefix = ''): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(params)) {
    const name = prefix ? `${prefix}[${key}]` : key
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      parts.push(qs(value as Record<string, unknown>, name))
    } else if (Array.isArray(value)) {
      value.forEach((item, i) =>
        parts.push(`${encodeURIComponent(`${name}[${i}]`)}=${encodeURIComponent(String(item))}`),
      )
    } else if (value !== undefined) {
      parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
    }
  }
  return parts.filter(Boolean).join('&')
}
