import type { Payload } from 'payload'

import { makeBatch, makeGuide, makeRegion, makeTrek } from '../catalog/builders'
import { makeImage } from '../catalog/images'

/**
 * One of each kind of catalog row whose visibility differs by role: treks in every
 * status with a day each, active and inactive guides, and batches that are upcoming,
 * past, cancelled, led by the test guide or another, or on a draft trek.
 */
export async function catalogFixture(payload: Payload, guideUserId: number) {
  const region = await makeRegion(payload)
  const active = await makeTrek(payload, { region: region.id, status: 'active' })
  const draft = await makeTrek(payload, { region: region.id, status: 'draft' })
  const archived = await makeTrek(payload, { region: region.id, status: 'archived' })
  const day = async (trek: number) =>
    payload.create({
      collection: 'itinerary-days',
      data: { trek, dayNumber: 1, title: 'Road head to base camp' },
      overrideAccess: true,
    })
  const days = {
    active: await day(active.id),
    draft: await day(draft.id),
    archived: await day(archived.id),
  }

  const guides = {
    mine: await makeGuide(payload, { user: guideUserId }),
    other: await makeGuide(payload),
    inactive: await makeGuide(payload, { isActive: false }),
  }

  const batches = {
    upcomingMine: await makeBatch(payload, active.id, 20, { guide: guides.mine.id }),
    upcomingOther: await makeBatch(payload, active.id, 40, { guide: guides.other.id }),
    fullOther: await makeBatch(payload, active.id, 50, { guide: guides.other.id, status: 'full' }),
    pastMine: await makeBatch(payload, active.id, -30, { guide: guides.mine.id }),
    cancelled: await makeBatch(payload, active.id, 25, { status: 'cancelled' }),
    onDraft: await makeBatch(payload, draft.id, 30, { guide: guides.other.id }),
    onArchived: await makeBatch(payload, archived.id, 35),
  }

  const image = await makeImage(payload, 'fixture.png')

  return { region, treks: { active, draft, archived }, days, guides, batches, image }
}

export type CatalogFixture = Awaited<ReturnType<typeof catalogFixture>>
