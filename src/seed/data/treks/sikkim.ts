import { MEALS } from '../common'
import type { SeedTrek } from '../types'

export const sikkimTreks: SeedTrek[] = [
  {
    name: 'Goecha La',
    slug: 'goecha-la',
    region: 'sikkim',
    style: 'camping',
    description:
      'The trek into the heart of the Kangchenjunga range from Yuksom, the first capital of Sikkim. The trail climbs through rhododendron and magnolia forest to the yak pastures of Dzongri, crosses to Thansing and the Samiti lake, and ends at the first viewpoint below the Goecha La, face to face with the east wall of Kangchenjunga and Pandim. Eleven days and long walking days make it one of the tougher classic treks.',
    maxAltitude: 4600,
    totalDistance: 90,
    difficulty: 'difficult',
    maxGroupSize: 15,
    themes: ['alpine_lakes', 'forest', 'meadows', 'glacier'],
    bestMonths: [4, 5, 10, 11],
    basePrice: 24950,
    extraInclusions: [
      'Kangchenjunga National Park permits',
      'Transport from NJP to Yuksom and back',
    ],
    fitnessPrep:
      'The View Point day is 20 km at 4,000 m and above; train with long hikes of 15 km or more.',
    faqs: [
      {
        question: 'Do we reach the Goecha La itself?',
        answer:
          'No. Since 2019 the Sikkim government allows trekkers up to View Point 1, at about 4,600 m, which has the classic view of Kangchenjunga.',
      },
      {
        question: 'When do rhododendrons bloom?',
        answer: 'From mid-April to mid-May, the forests below Tshoka turn red, pink and white.',
      },
    ],
    days: [
      {
        title: 'Drive from NJP to Yuksom',
        campName: 'Yuksom guesthouse',
        altitude: 1780,
        distanceKm: 0,
        description: 'About seven hours from New Jalpaiguri via the Teesta valley and Pelling.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Yuksom to Sachen',
        campName: 'Sachen',
        altitude: 2200,
        distanceKm: 8,
        description: 'Into the national park along the Prek Chu gorge, through dense forest.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Sachen to Tshoka',
        campName: 'Tshoka',
        altitude: 3000,
        distanceKm: 7,
        description:
          'Across the Prek Chu and a steep climb via Bakhim to the Tibetan settlement of Tshoka.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Tshoka to Dzongri',
        campName: 'Dzongri',
        altitude: 4020,
        distanceKm: 9,
        description:
          'On wooden walkways through rhododendron forest to Phedang, then up to the open bowl of Dzongri.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Dzongri top and rest day',
        campName: 'Dzongri',
        altitude: 4170,
        distanceKm: 3,
        description:
          'Sunrise from Dzongri top over Kabru, Kangchenjunga and Pandim, and an afternoon of rest.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Dzongri to Thansing',
        campName: 'Thansing',
        altitude: 4020,
        distanceKm: 10,
        description:
          'Down to Kokchurang on the Prek Chu and up the valley to the meadow of Thansing.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Thansing to Lamuney',
        campName: 'Lamuney',
        altitude: 4200,
        distanceKm: 4,
        description: 'A short walk to the last camp, below the moraine of the Onglathang glacier.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'View Point 1 and down to Kokchurang',
        campName: 'Kokchurang',
        altitude: 4600,
        distanceKm: 20,
        description:
          'A 2 am start past the Samiti lake to View Point 1 for sunrise on Kangchenjunga, then a long walk back down to Kokchurang.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Kokchurang to Tshoka',
        campName: 'Tshoka',
        altitude: 3700,
        distanceKm: 13,
        description:
          'Up from the river and through rhododendron forest via Phedang back to Tshoka.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Tshoka to Yuksom',
        campName: 'Yuksom guesthouse',
        altitude: 3000,
        distanceKm: 16,
        description: 'The long descent via Bakhim and Sachen to Yuksom and a hot shower.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Yuksom to NJP',
        altitude: 1780,
        distanceKm: 0,
        description: 'Leave by 7 am to reach New Jalpaiguri station by afternoon.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
]
