/** What a sign-in provider vouches for, after its token has been verified. */
export type ProviderIdentity = {
  provider: 'google' | 'apple'
  sub: string
  email?: string
  emailVerified: boolean
  /** Apple's relay addresses forward mail but say nothing about any other account. */
  privateRelay: boolean
  firstName?: string
  lastName?: string
  /** When the provider's token stops being valid (seconds since the epoch, its `exp`). */
  expiresAt?: number
}

export const PROVIDER_FIELD = { google: 'googleSub', apple: 'appleSub' } as const

export const PROVIDER_NAME = { google: 'Google', apple: 'Apple' } as const
