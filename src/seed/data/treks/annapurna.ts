import { MEALS } from '../common'
import type { SeedTrek } from '../types'

export const annapurnaTreks: SeedTrek[] = [
  {
    name: 'Annapurna Base Camp',
    slug: 'annapurna-base-camp',
    region: 'annapurna',
    style: 'teahouse',
    description:
      'A walk into the Annapurna Sanctuary, a glacial amphitheatre ringed by Annapurna I, Annapurna South, Hiunchuli, Gangapurna and the fishtail summit of Machhapuchhre. The trail starts in the Gurung villages of Ghandruk and Chhomrong, follows the Modi Khola gorge through bamboo and rhododendron and ends on the moraine at base camp. On the way back, the hot springs at Jhinu Danda.',
    maxAltitude: 4130,
    totalDistance: 68,
    difficulty: 'moderate',
    maxGroupSize: 14,
    themes: ['base_camp', 'culture', 'forest'],
    bestMonths: [3, 4, 5, 10, 11],
    basePrice: 58500,
    extraInclusions: [
      'Annapurna Conservation Area permit',
      'Jeep transfers between Pokhara and the trailheads',
    ],
    fitnessPrep:
      'The Chhomrong stone staircases are long; climb stairs with a loaded pack in training.',
    faqs: [
      {
        question: 'Is there avalanche risk?',
        answer:
          "The stretch between Deurali and Machhapuchhre Base Camp is exposed after heavy snow in late winter and spring. Our guide follows the lodge owners' daily advice and waits when needed.",
      },
    ],
    days: [
      {
        title: 'Pokhara to Kimche, trek to Ghandruk',
        campName: 'Ghandruk teahouse',
        altitude: 1940,
        distanceKm: 3,
        description:
          'A jeep ride from Pokhara to Kimche and a short walk up to the Gurung village of Ghandruk.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Ghandruk to Chhomrong',
        campName: 'Chhomrong teahouse',
        altitude: 2350,
        distanceKm: 10,
        description: 'Over the Kimrong ridge and down to Chhomrong, facing Annapurna South.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Chhomrong to Dovan',
        campName: 'Dovan teahouse',
        altitude: 2600,
        distanceKm: 10,
        description:
          'Down the long staircase, across the Chhomrong Khola and into the bamboo forest of the gorge.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Dovan to Deurali',
        campName: 'Deurali teahouse',
        altitude: 3230,
        distanceKm: 7,
        description:
          'Past the Himalaya lodge and the Hinku cave to Deurali at the mouth of the sanctuary.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Deurali to Annapurna Base Camp',
        campName: 'Annapurna Base Camp lodge',
        altitude: 4130,
        distanceKm: 8,
        description:
          'Via Machhapuchhre Base Camp into the sanctuary, with Annapurna I filling the sky.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Base camp to Bamboo',
        campName: 'Bamboo teahouse',
        altitude: 4130,
        distanceKm: 15,
        description: 'Sunrise on the sanctuary walls, then a long descent to Bamboo.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Bamboo to Jhinu Danda',
        campName: 'Jhinu Danda teahouse',
        altitude: 2310,
        distanceKm: 10,
        description:
          'Back through Chhomrong and down to Jhinu, with an evening in the hot springs by the river.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Jhinu Danda to Siwai and drive to Pokhara',
        altitude: 1780,
        distanceKm: 5,
        description: 'A short walk to the road and a jeep ride back to Pokhara.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Ghorepani Poon Hill',
    slug: 'poon-hill',
    region: 'annapurna',
    style: 'teahouse',
    description:
      'A short teahouse loop from Pokhara through rhododendron forest and Magar and Gurung villages to Poon Hill, a viewpoint facing Dhaulagiri and the Annapurna range at sunrise. Good for families, first-time trekkers and the spring bloom.',
    maxAltitude: 3210,
    totalDistance: 31,
    difficulty: 'easy',
    maxGroupSize: 16,
    themes: ['family', 'culture', 'forest', 'summit'],
    bestMonths: [2, 3, 4, 10, 11, 12],
    basePrice: 27500,
    extraInclusions: [
      'Annapurna Conservation Area permit',
      'Jeep transfers between Pokhara and the trailheads',
    ],
    fitnessPrep: 'The climb to Ulleri is about 3,000 stone steps; stairs are the best training.',
    faqs: [
      {
        question: 'Can children do it?',
        answer: 'Yes, from about eight years. Days are short and every night is in a warm lodge.',
      },
    ],
    days: [
      {
        title: 'Pokhara to Tikhedhunga, trek to Ulleri',
        campName: 'Ulleri teahouse',
        altitude: 2070,
        distanceKm: 4,
        description: 'A jeep ride to Tikhedhunga and a climb up the stone staircase to Ulleri.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Ulleri to Ghorepani',
        campName: 'Ghorepani teahouse',
        altitude: 2860,
        distanceKm: 8,
        description: 'Through oak and rhododendron forest via Banthanti to Ghorepani.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Poon Hill and on to Tadapani',
        campName: 'Tadapani teahouse',
        altitude: 3210,
        distanceKm: 13,
        description: 'Sunrise on Poon Hill, then along the ridge via Deurali to Tadapani.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Tadapani to Ghandruk and drive to Pokhara',
        altitude: 2630,
        distanceKm: 6,
        description:
          'Down through forest to the stone lanes of Ghandruk, with time for its Gurung museum, and a jeep back to Pokhara.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Mardi Himal',
    slug: 'mardi-himal',
    region: 'annapurna',
    style: 'teahouse',
    description:
      'A ridge trek east of the Annapurna Sanctuary that climbs through quiet forest above the clouds to a viewpoint right under Machhapuchhre and Mardi Himal. Small lodges, few crowds and a close-up of the fishtail peak make it popular with trekkers who have done Poon Hill.',
    maxAltitude: 4500,
    totalDistance: 45,
    difficulty: 'moderate',
    maxGroupSize: 14,
    themes: ['base_camp', 'forest', 'meadows'],
    bestMonths: [3, 4, 5, 10, 11, 12],
    basePrice: 39500,
    extraInclusions: [
      'Annapurna Conservation Area permit',
      'Jeep transfers between Pokhara and the trailheads',
    ],
    fitnessPrep: 'The base-camp day climbs 900 m and descends 1,500 m; practise long descents.',
    faqs: [
      {
        question: 'Are the lodges basic?',
        answer: 'Above Forest Camp they are small and simple, with shared rooms at busy times.',
      },
    ],
    days: [
      {
        title: 'Pokhara to Kande, trek to Pothana',
        campName: 'Pothana teahouse',
        altitude: 2060,
        distanceKm: 6,
        description: 'A short drive to Kande and a walk via Australian Camp to Pothana.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Pothana to Forest Camp',
        campName: 'Forest Camp teahouse',
        altitude: 2550,
        distanceKm: 8,
        description: 'Through thick rhododendron and oak forest on the ridge.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Forest Camp to Low Camp',
        campName: 'Low Camp teahouse',
        altitude: 2970,
        distanceKm: 4,
        description: 'A short day to Low Camp and the first view of Machhapuchhre.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Low Camp to High Camp',
        campName: 'High Camp teahouse',
        altitude: 3580,
        distanceKm: 5,
        description: 'Out of the trees via Badal Danda onto the open ridge.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Mardi Himal Base Camp and down to Low Camp',
        campName: 'Low Camp teahouse',
        altitude: 4500,
        distanceKm: 14,
        description:
          'An early climb along the ridge to the base camp viewpoint and a long descent.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Low Camp to Siding and drive to Pokhara',
        altitude: 2970,
        distanceKm: 8,
        description: 'Down through forest to the village of Siding and a jeep to Pokhara.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
]
