import Razorpay from 'razorpay'

import { env } from '@/config/env'

type AxiosLike = { defaults: { baseURL?: string; timeout?: number } }

/**
 * The SDK builds every path as `/v1/...` on a host it hard-codes; our setting is the
 * documented API root (ending in /v1), so the host is what is left without it.
 */
export function razorpayHost(apiUrl: string): string {
  return apiUrl.replace(/\/+$/, '').replace(/\/v1$/, '')
}

/** A Razorpay SDK client aimed at RAZORPAY_API_URL (Razorpay's own, or a local fake in tests). */
export function razorpayClient(): Razorpay {
  const client = new Razorpay({ key_id: env.razorpay.keyId, key_secret: env.razorpay.keySecret })
  const http = (client.api as unknown as { rq: AxiosLike }).rq
  http.defaults.baseURL = razorpayHost(env.razorpay.apiUrl)
  // A hung provider must not hold a booking row lock for long.
  http.defaults.timeout = 15_000
  return client
}

/** What the SDK rejects with: Razorpay's error body, or nothing when the host was unreachable. */
export class RazorpayCallError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly code?: string,
  ) {
    super(message)
    this.name = 'RazorpayCallError'
  }

  /**
   * 4xx: Razorpay understood and refused; retrying the same call will not help. Except 408 and
   * 429 ("too many requests": Razorpay limits calls per account, and a call-off sends a burst of
   * refunds), which say "try again later" and are retried like a 5xx (review round 22).
   */
  get isRefusal(): boolean {
    return (
      this.statusCode >= 400 &&
      this.statusCode < 500 &&
      this.statusCode !== 408 &&
      this.statusCode !== 429
    )
  }
}

/**
 * Whether Razorpay answered that what was asked for does not exist: its API says so with a 400
 * "The id provided does not exist" (a 404 only for an unknown path).
 */
export const isUnknownToRazorpay = (err: unknown) =>
  err instanceof RazorpayCallError &&
  (err.statusCode === 404 || (err.statusCode === 400 && /does not exist/i.test(err.message)))

/** Runs one SDK call and turns whatever it throws into a RazorpayCallError. */
export async function callRazorpay<T>(call: (client: Razorpay) => Promise<T>): Promise<T> {
  try {
    return await call(razorpayClient())
  } catch (err) {
    const failure = err as {
      statusCode?: number | string
      error?: { code?: string; description?: string }
    }
    if (failure && failure.statusCode !== undefined) {
      return Promise.reject(
        new RazorpayCallError(
          failure.error?.description ?? 'Razorpay refused the request',
          Number(failure.statusCode),
          failure.error?.code,
        ),
      )
    }
    // The SDK's error normaliser itself throws a TypeError when there was no HTTP response.
    return Promise.reject(new RazorpayCallError('Razorpay could not be reached', 0))
  }
}
