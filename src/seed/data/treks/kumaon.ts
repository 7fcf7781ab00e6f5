import { MEALS } from '../common'
import type { SeedTrek } from '../types'

export const kumaonTreks: SeedTrek[] = [
  {
    name: 'Pindari Glacier',
    slug: 'pindari-glacier',
    region: 'kumaon',
    style: 'camping',
    description:
      'One of the oldest trekking routes in the Indian Himalaya, up the Pindar river to the zero point of the Pindari glacier between Nanda Kot and Nanda Khat. The trail is well made and passes through Khati, the last village, bamboo and oak forest and the old rest houses at Dwali and Phurkia. Nights are in tents and simple lodges.',
    maxAltitude: 3660,
    totalDistance: 56,
    difficulty: 'moderate',
    maxGroupSize: 18,
    themes: ['glacier', 'forest', 'culture'],
    bestMonths: [3, 4, 5, 6, 9, 10, 11],
    basePrice: 14500,
    fitnessPrep:
      'Two days of the trek are 14 km or more; build up to long walks on consecutive days.',
    faqs: [
      {
        question: 'How close do we get to the glacier?',
        answer:
          'Zero point is a viewpoint on the lateral moraine facing the glacier snout and the ice fall below Nanda Devi East. Going further needs a mountaineering permit.',
      },
      {
        question: 'Is there power on the trail?',
        answer:
          'Khati has electricity most evenings. Dwali and Phurkia have none; carry a power bank.',
      },
    ],
    days: [
      {
        title: 'Drive from Kathgodam to Kharkiya, walk to Khati',
        campName: 'Khati homestay',
        altitude: 2210,
        distanceKm: 5,
        description:
          'A long drive via Bageshwar and Song to the roadhead at Kharkiya, then an hour and a half on foot to Khati, a village of slate-roofed houses.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Khati to Dwali',
        campName: 'Dwali',
        altitude: 2575,
        distanceKm: 11,
        description:
          'Along the Pindar river through dense forest, with waterfalls dropping from both sides, to the meeting point of the Pindar and Kafni rivers.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Dwali to Phurkia',
        campName: 'Phurkia',
        altitude: 3260,
        distanceKm: 5,
        description: 'Out of the trees into open country; a short day to help acclimatisation.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Zero point and back to Phurkia',
        campName: 'Phurkia',
        altitude: 3660,
        distanceKm: 14,
        description:
          'Past the meadows of Martoli to the zero point viewpoint in front of the glacier, and back to Phurkia by the afternoon.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Phurkia to Khati',
        campName: 'Khati homestay',
        altitude: 3260,
        distanceKm: 16,
        description: 'A long walk down the valley, with lunch at Dwali.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Khati to Kharkiya and drive to Bageshwar',
        campName: 'Bageshwar guesthouse',
        altitude: 2210,
        distanceKm: 5,
        description: 'Up to the roadhead and a drive to Bageshwar, on the Saryu river.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Bageshwar to Kathgodam',
        altitude: 1000,
        distanceKm: 0,
        description: 'About five hours via Almora and the pine forests above Bhowali to Kathgodam.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Khaliya Top',
    slug: 'khaliya-top',
    region: 'kumaon',
    style: 'camping',
    description:
      'A short climb above Munsiyari to a grassy summit facing the five peaks of Panchachuli, with Rajrambha, Hardeol and Nanda Devi along the same skyline. The trail goes through rhododendron forest that flowers red in April. A good trek for families and for a first night in a tent.',
    maxAltitude: 3747,
    totalDistance: 16,
    difficulty: 'easy',
    maxGroupSize: 20,
    themes: ['summit', 'meadows', 'snow', 'family'],
    bestMonths: [3, 4, 5, 10, 11, 12],
    basePrice: 7950,
    fitnessPrep: 'The climb from camp to the top is steep for an hour; stair practice helps.',
    faqs: [
      {
        question: 'How far is Munsiyari?',
        answer:
          'It is a ten to eleven hour drive from Kathgodam. Many trekkers spend an extra night in Munsiyari to rest and see the village and the tribal heritage museum.',
      },
    ],
    days: [
      {
        title: 'Drive from Kathgodam to Munsiyari',
        campName: 'Munsiyari guesthouse',
        altitude: 2200,
        distanceKm: 0,
        description:
          'A long mountain drive via Almora, Chaukori and the Birthi falls to Munsiyari.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Balati Band to Khaliya camp',
        campName: 'Khaliya camp',
        altitude: 3300,
        distanceKm: 6,
        description:
          'A short drive to the Balati Band road bend, then up through rhododendron and oak to a camp at the treeline.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Khaliya Top and down to Munsiyari',
        campName: 'Munsiyari guesthouse',
        altitude: 3747,
        distanceKm: 10,
        description:
          'Up the grassy slopes to the top for the full Panchachuli view, then down the same way and on to Munsiyari.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Munsiyari to Kathgodam',
        altitude: 2200,
        distanceKm: 0,
        description: 'An early start for the long drive back via Thal and Almora to Kathgodam.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
]
