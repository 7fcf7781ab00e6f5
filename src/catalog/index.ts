import { Batches } from './collections/Batches'
import { Guides } from './collections/Guides'
import { ItineraryDays } from './collections/ItineraryDays'
import { Regions } from './collections/Regions'
import { Treks } from './collections/Treks'

export { refreshTrekCard } from './trekCard'

export const catalogCollections = [Regions, Treks, ItineraryDays, Guides, Batches]
