import type { PayloadRequest } from 'payload'

import type { SeedGuide } from './data'
import type { RegionIds } from './seedCatalog'
import { createAccount } from './seedAccounts'

export type GuideRoster = { id: number; regions: string[] }[]

/** Each guide with the staff account (role `guide`) they sign in with. */
export async function createGuides(
  req: PayloadRequest,
  guides: SeedGuide[],
  regionIds: RegionIds,
  password: string,
): Promise<GuideRoster> {
  const roster: GuideRoster = []
  for (const guide of guides) {
    const [firstName, ...rest] = guide.name.split(' ')
    const user = await createAccount(
      req,
      { email: guide.email, firstName, lastName: rest.join(' '), staffRole: 'guide' },
      password,
    )
    const created = await req.payload.create({
      collection: 'guides',
      data: {
        name: guide.name,
        user: user.id,
        bio: guide.bio,
        yearsExp: guide.yearsExp,
        regions: guide.regions.map((slug) => regionIdOf(regionIds, slug)),
        certifications: guide.certifications,
        satellitePhone: guide.satellitePhone,
        isActive: true,
      },
      depth: 0,
      req,
    })
    roster.push({ id: created.id, regions: guide.regions })
  }
  return roster
}

export function regionIdOf(regionIds: RegionIds, slug: string): number {
  const id = regionIds.get(slug)
  if (id === undefined) {
    throw new Error(`Seed data names an unknown region "${slug}"`)
  }
  return id
}
