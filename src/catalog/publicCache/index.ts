export { markCatalogChanged } from './generation'
export { publicResponseCache, servePublicRead } from './responseCache'
export { PUBLIC_CATALOG_COLLECTIONS, withCatalogChangeTracking } from './trackCatalogChanges'
