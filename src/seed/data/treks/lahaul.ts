import { MEALS } from '../common'
import type { SeedTrek } from '../types'

export const lahaulTreks: SeedTrek[] = [
  {
    name: 'Chandratal to Baralacha La',
    slug: 'chandratal-baralacha-la',
    region: 'lahaul',
    style: 'camping',
    description:
      'A walk up the wide upper valley of the Chandra river, from the lake of Chandratal to the Baralacha La on the old Lahaul–Ladakh trade route. The country is high, open and silent, the river crossings are cold and fast in the afternoon, and the glaciers of the Samudra Tapu and CB ranges hang above the valley.',
    maxAltitude: 4890,
    totalDistance: 36,
    difficulty: 'difficult',
    maxGroupSize: 14,
    themes: ['high_pass', 'alpine_lakes', 'glacier'],
    bestMonths: [7, 8, 9],
    basePrice: 19950,
    extraInclusions: ['Transport from Manali to Chandratal and from Baralacha La to Manali'],
    extraPacking: ['River-crossing sandals'],
    fitnessPrep:
      'The trek starts at 4,250 m with no time lower down; spend two nights in Manali before day 1.',
    faqs: [
      {
        question: 'How deep are the river crossings?',
        answer:
          'Usually knee-deep in the morning. Our staff fix a rope and cross first; we time the crossings before the afternoon melt.',
      },
    ],
    days: [
      {
        title: 'Drive from Manali to Chandratal',
        campName: 'Chandratal camp',
        altitude: 4250,
        distanceKm: 2,
        description:
          'Through the Atal Tunnel and up the Chandra valley via Batal to the campsite below the lake, and an evening walk to its shore.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Chandratal to Tokpo Yongma',
        campName: 'Tokpo Yongma',
        altitude: 4320,
        distanceKm: 11,
        description:
          'Along the right bank of the Chandra over scree and grass to a stream junction.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Tokpo Yongma to Tokpo Gongma',
        campName: 'Tokpo Gongma',
        altitude: 4640,
        distanceKm: 11,
        description: 'Two river crossings and a steady climb to a camp below the glaciers.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Tokpo Gongma to Baralacha La',
        campName: 'Baralacha La camp',
        altitude: 4890,
        distanceKm: 12,
        description: 'Up the valley head to the Baralacha La and the nearby Suraj Tal lake.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Drive from Baralacha La to Manali',
        altitude: 4890,
        distanceKm: 0,
        description: 'Down the Manali–Leh highway via Keylong to Manali.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
]
