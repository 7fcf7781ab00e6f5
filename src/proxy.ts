import { NextResponse, type NextRequest } from 'next/server'

import { adminContentSecurityPolicy, newNonce } from './security/contentSecurityPolicy.mjs'

/**
 * Gives each admin page a nonce-based Content-Security-Policy instead of allowing every inline
 * script. Next finds the nonce in the request's policy header and stamps it on the scripts it
 * streams; the browser gets the same policy on the response. Only /admin goes through here, so
 * API requests keep next.config.mjs's fixed headers and pay nothing.
 */
export function proxy(request: NextRequest) {
  const policy = adminContentSecurityPolicy(newNonce())
  const requestHeaders = new Headers(request.headers)
  requestHeaders.set('Content-Security-Policy', policy)

  const response = NextResponse.next({ request: { headers: requestHeaders } })
  response.headers.set('Content-Security-Policy', policy)
  return response
}

export const config = {
  matcher: ['/admin', '/admin/:path*'],
}
