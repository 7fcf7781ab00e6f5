import { MEALS } from '../common'
import type { SeedTrek } from '../types'

export const darjeelingTreks: SeedTrek[] = [
  {
    name: 'Sandakphu and Phalut',
    slug: 'sandakphu-phalut',
    region: 'darjeeling',
    style: 'teahouse',
    description:
      "A ridge walk along the India–Nepal border on the Singalila range, with the Sleeping Buddha of the Kangchenjunga massif ahead and Everest, Lhotse and Makalu on the western skyline. Nights are in trekkers' huts and family lodges, the forest is home to the red panda, and the trail crosses in and out of Nepal several times.",
    maxAltitude: 3636,
    totalDistance: 80,
    difficulty: 'moderate',
    maxGroupSize: 16,
    themes: ['culture', 'forest', 'wildlife', 'summit'],
    bestMonths: [3, 4, 5, 10, 11, 12],
    basePrice: 15450,
    extraInclusions: [
      'Singalila National Park entry and the local guide the park requires',
      'Transport from NJP to Maneybhanjan and from Srikhola to NJP',
    ],
    fitnessPrep: 'The Phalut day is 21 km on a ridge; walk long distances on consecutive weekends.',
    faqs: [
      {
        question: 'Do we need a passport to walk into Nepal?',
        answer:
          'Indian citizens carry a government photo ID. Other nationalities need a passport; ask us before booking.',
      },
    ],
    days: [
      {
        title: 'Drive from NJP to Maneybhanjan',
        campName: 'Maneybhanjan lodge',
        altitude: 2150,
        distanceKm: 0,
        description: 'About four hours via Mirik to the border village of Maneybhanjan.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Maneybhanjan to Tumling',
        campName: 'Tumling lodge',
        altitude: 2970,
        distanceKm: 11,
        description:
          'Up through Chitrey and its monastery to the hamlet of Tumling, on the Nepal side of the border.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Tumling to Kalipokhari',
        campName: 'Kalipokhari lodge',
        altitude: 3100,
        distanceKm: 13,
        description:
          'Into Singalila National Park, via Gairibas, to the small black lake of Kalipokhari.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Kalipokhari to Sandakphu',
        campName: 'Sandakphu lodge',
        altitude: 3636,
        distanceKm: 6,
        description:
          'A short, steep climb to Sandakphu, the highest point of West Bengal, for sunset on Kangchenjunga.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Sandakphu to Phalut',
        campName: 'Phalut trekkers hut',
        altitude: 3636,
        distanceKm: 21,
        description:
          'Sunrise on Everest and Makalu, then the long ridge walk via Sabargram to Phalut.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Phalut to Gorkhey',
        campName: 'Gorkhey homestay',
        altitude: 3600,
        distanceKm: 14,
        description: 'Down through forest to the riverside village of Gorkhey.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Gorkhey to Srikhola and drive to NJP',
        altitude: 2380,
        distanceKm: 15,
        description: 'Via Rammam to Srikhola and the drive back to NJP.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
]
