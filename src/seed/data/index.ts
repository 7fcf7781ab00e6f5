import { staffAccounts, trekkerAccounts } from './accounts'
import { guides } from './guides'
import { regions } from './regions'
import { treks } from './treks'
import type { SeedAccount, SeedGuide, SeedRegion, SeedTrek } from './types'

export type DemoCatalog = {
  regions: SeedRegion[]
  treks: SeedTrek[]
  guides: SeedGuide[]
  staff: SeedAccount[]
  trekkers: SeedAccount[]
}

export const demoCatalog: DemoCatalog = {
  regions,
  treks,
  guides,
  staff: staffAccounts,
  trekkers: trekkerAccounts,
}

export type { SeedAccount, SeedDay, SeedGuide, SeedRegion, SeedTrek } from './types'
