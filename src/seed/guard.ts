export const PRODUCTION_REFUSAL =
  'Refusing to seed: NODE_ENV is "production". The demo catalog and accounts (with a shared, published password) are for development and demos only.'

export function isProduction(nodeEnv: string | undefined = process.env.NODE_ENV): boolean {
  return nodeEnv === 'production'
}
