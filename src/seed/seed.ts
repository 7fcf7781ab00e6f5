import {
  commitTransaction,
  createLocalReq,
  initTransaction,
  killTransaction,
  type Payload,
  type PayloadRequest,
} from 'payload'

import { env } from '@/config/env'
import { kolkataDay, type KolkataDay } from '@/shared/time'

import { demoCatalog, type DemoCatalog } from './data'
import { isProduction, PRODUCTION_REFUSAL } from './guard'
import { createAccount } from './seedAccounts'
import { createBatches } from './seedBatches'
import { createRegions, createTrek } from './seedCatalog'
import { createGuides, regionIdOf } from './seedGuides'

export type SeedSummary = {
  skipped: boolean
  users: number
  regions: number
  treks: number
  activeTreks: number
  itineraryDays: number
  guides: number
  batches: number
}

export type SeedOptions = {
  catalog?: DemoCatalog
  password?: string
  now?: Date
}

/**
 * Fills an empty database with the demo catalog and accounts, all in one transaction
 * so a failure leaves nothing behind. A database that already holds any user or region
 * is left untouched, which makes running it again harmless.
 */
export async function seed(payload: Payload, options: SeedOptions = {}): Promise<SeedSummary> {
  if (isProduction()) {
    throw new Error(PRODUCTION_REFUSAL)
  }
  const catalog = options.catalog ?? demoCatalog

  const existing = await existingData(payload)
  if (existing.users > 0 || existing.regions > 0) {
    payload.logger.info({ msg: 'Seed skipped: the database already has data', ...existing })
    return { ...emptySummary(), skipped: true }
  }

  const req = await createLocalReq({}, payload)
  await initTransaction(req)
  try {
    const summary = await seedEverything(
      req,
      catalog,
      options.password ?? env.seedPassword,
      kolkataDay(options.now ?? new Date()),
    )
    await commitTransaction(req)
    payload.logger.info({ msg: 'Seeded demo data', ...summary })
    return summary
  } catch (err) {
    await killTransaction(req)
    throw err
  }
}

async function seedEverything(
  req: PayloadRequest,
  catalog: DemoCatalog,
  password: string,
  today: KolkataDay,
): Promise<SeedSummary> {
  const summary = emptySummary()

  // Publishing a trek is a super admin's or ops manager's decision, so the seed acts as the super admin.
  const [superAdmin, ...otherStaff] = [...catalog.staff].sort(
    (a, b) => Number(b.staffRole === 'super_admin') - Number(a.staffRole === 'super_admin'),
  )
  req.user = await createAccount(req, superAdmin, password)
  for (const account of [...otherStaff, ...catalog.trekkers]) {
    await createAccount(req, account, password)
  }
  summary.users = 1 + otherStaff.length + catalog.trekkers.length

  const regionIds = await createRegions(req, catalog.regions)
  summary.regions = regionIds.size

  const guides = await createGuides(req, catalog.guides, regionIds, password)
  summary.guides = guides.length
  summary.users += guides.length

  const countryOf = new Map(catalog.regions.map((region) => [region.slug, region.country]))
  for (const [index, trek] of catalog.treks.entries()) {
    const region = { id: regionIdOf(regionIds, trek.region), country: countryOf.get(trek.region)! }
    const trekId = await createTrek(req, trek, region)
    summary.treks += 1
    summary.itineraryDays += trek.days.length

    if ((trek.status ?? 'active') === 'active') {
      summary.activeTreks += 1
      summary.batches += await createBatches(req, trek, trekId, index, guides, today)
    }
  }
  return summary
}

async function existingData(payload: Payload) {
  const [users, regions] = await Promise.all([
    payload.count({ collection: 'users', overrideAccess: true }),
    payload.count({ collection: 'regions', overrideAccess: true }),
  ])
  return { users: users.totalDocs, regions: regions.totalDocs }
}

function emptySummary(): SeedSummary {
  return {
    skipped: false,
    users: 0,
    regions: 0,
    treks: 0,
    activeTreks: 0,
    itineraryDays: 0,
    guides: 0,
    batches: 0,
  }
}
