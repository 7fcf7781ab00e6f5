import { Batches } from './collections/Batches'
import { Guides } from './collections/Guides'
import { ItineraryDays } from './collections/ItineraryDays'
import { Regions } from './collections/Regions'
import { Treks } from './collections/Treks'
import { refreshTrekCardsTask } from './jobs/refreshStaleTrekCards'

export { BATCH_STATUSES, TREK_DIFFICULTIES, TREK_STATUSES, TREK_THEMES } from './options'
export { CALLING_BATCH_OFF, MOVED_BY_SCHEDULE } from './hooks/cancelOnlyByEndpoint'
export { refreshTrekCard } from './trekCard'
export { servePublicRead, withCatalogChangeTracking } from './publicCache'
export { selectCardFieldsForTrekLists } from './trekCardSelect'
export { refreshStaleTrekCards } from './jobs/refreshStaleTrekCards'

export const catalogCollections = [Regions, Treks, ItineraryDays, Guides, Batches]

/** Background tasks of the catalog, for src/jobs to register. */
export const REFRESH_TREK_CARDS = refreshTrekCardsTask.slug
export const catalogTasks = [refreshTrekCardsTask]
