import { MEALS } from '../common'
import type { SeedTrek } from '../types'

export const langtangTreks: SeedTrek[] = [
  {
    name: 'Langtang Valley',
    slug: 'langtang-valley',
    region: 'langtang',
    style: 'teahouse',
    description:
      'A valley walk north of Kathmandu, from the Trishuli river through forest home to red pandas and langurs, up to the Tamang village of Langtang and the yak pastures of Kyanjin Gompa. The village was rebuilt after the 2015 earthquake. A climb of Kyanjin Ri gives a close view of Langtang Lirung and its glaciers.',
    maxAltitude: 4773,
    totalDistance: 70,
    difficulty: 'moderate',
    maxGroupSize: 14,
    themes: ['culture', 'glacier', 'wildlife', 'forest'],
    bestMonths: [3, 4, 5, 10, 11],
    basePrice: 49500,
    extraInclusions: [
      'Langtang National Park permit',
      'Shared jeep between Kathmandu and Syabrubesi',
    ],
    fitnessPrep: 'The descent from Kyanjin to Lama Hotel is 21 km; train for long walking days.',
    faqs: [
      {
        question: 'Is Kyanjin Ri hard?',
        answer:
          'It is a steep 900 m climb from Kyanjin on a clear path. You can stop at the lower summit if you tire.',
      },
    ],
    days: [
      {
        title: 'Drive from Kathmandu to Syabrubesi',
        campName: 'Syabrubesi teahouse',
        altitude: 1460,
        distanceKm: 0,
        description: 'A bumpy seven-hour drive via Dhunche to Syabrubesi.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Syabrubesi to Lama Hotel',
        campName: 'Lama Hotel teahouse',
        altitude: 2470,
        distanceKm: 11,
        description: 'Along the Langtang Khola through forest to Lama Hotel.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Lama Hotel to Langtang village',
        campName: 'Langtang teahouse',
        altitude: 3430,
        distanceKm: 14,
        description: 'Out of the forest into the open valley and the rebuilt village of Langtang.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Langtang to Kyanjin Gompa',
        campName: 'Kyanjin teahouse',
        altitude: 3870,
        distanceKm: 7,
        description:
          'Past prayer walls and water mills to Kyanjin and its monastery and cheese factory.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Kyanjin Ri',
        campName: 'Kyanjin teahouse',
        altitude: 4773,
        distanceKm: 6,
        description:
          'A morning climb of Kyanjin Ri for views of Langtang Lirung, and back to Kyanjin.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Kyanjin to Lama Hotel',
        campName: 'Lama Hotel teahouse',
        altitude: 3870,
        distanceKm: 21,
        description:
          'A long descent down the valley, through Langtang village and back into the forest.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Lama Hotel to Syabrubesi',
        campName: 'Syabrubesi teahouse',
        altitude: 2470,
        distanceKm: 11,
        description: 'Back along the river through the forest to Syabrubesi.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Drive from Syabrubesi to Kathmandu',
        altitude: 1460,
        distanceKm: 0,
        description: 'The drive back to Kathmandu via Dhunche and Trishuli Bazaar.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Gosainkunda',
    slug: 'gosainkunda',
    region: 'langtang',
    style: 'teahouse',
    description:
      'A pilgrimage trail to a group of sacred high lakes in Langtang National Park, where thousands of Hindu and Buddhist pilgrims gather for the Janai Purnima full moon. The climb from Dhunche is steep and forested, and from the ridge at Laurebina the view stretches from Manaslu to Langtang Lirung.',
    maxAltitude: 4380,
    totalDistance: 40,
    difficulty: 'moderate',
    maxGroupSize: 14,
    themes: ['alpine_lakes', 'culture', 'forest'],
    bestMonths: [3, 4, 5, 10, 11],
    basePrice: 36500,
    extraInclusions: ['Langtang National Park permit', 'Shared jeep between Kathmandu and Dhunche'],
    fitnessPrep: 'The trek gains 2,400 m in two days; climb with a loaded pack in training.',
    faqs: [
      {
        question: 'Can we swim in the lake?',
        answer:
          'Pilgrims bathe in it during the festival; at other times the water is near freezing and we advise against it.',
      },
    ],
    days: [
      {
        title: 'Drive from Kathmandu to Dhunche',
        campName: 'Dhunche teahouse',
        altitude: 1960,
        distanceKm: 0,
        description: 'About six hours to Dhunche, the park headquarters.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Dhunche to Chandanbari',
        campName: 'Chandanbari teahouse',
        altitude: 3330,
        distanceKm: 12,
        description: 'A steep forest climb to Chandanbari, also called Sing Gompa.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Chandanbari to Gosainkunda',
        campName: 'Gosainkunda teahouse',
        altitude: 4380,
        distanceKm: 8,
        description: 'Via the Laurebina ridge, with its wide mountain views, to the sacred lake.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Gosainkunda to Dhunche',
        campName: 'Dhunche teahouse',
        altitude: 4380,
        distanceKm: 20,
        description: 'Sunrise over the lakes and a long descent back to Dhunche.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Drive from Dhunche to Kathmandu',
        altitude: 1960,
        distanceKm: 0,
        description: 'The drive back down to Kathmandu, reaching the city by late afternoon.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
]
