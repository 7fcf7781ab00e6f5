import { MEALS } from '../common'
import type { SeedTrek } from '../types'

export const dhauladharTreks: SeedTrek[] = [
  {
    name: 'Triund',
    slug: 'triund',
    region: 'dhauladhar',
    style: 'camping',
    description:
      'The classic overnight walk above McLeodganj to a grassy ridge right under the Dhauladhar wall, with the Kangra valley spread out on the other side. The path is clear and well used; the reward is a night on the ridge with the lights of Dharamshala below and the snow face of Mun peak above.',
    maxAltitude: 2850,
    totalDistance: 18,
    difficulty: 'easy',
    maxGroupSize: 20,
    themes: ['weekend', 'family', 'forest'],
    bestMonths: [3, 4, 5, 6, 9, 10, 11, 12],
    basePrice: 3450,
    fitnessPrep:
      'The last hour to the ridge has 22 switchbacks; climb a few floors of stairs daily for two weeks.',
    faqs: [
      {
        question: 'Is camping allowed on the ridge?',
        answer:
          "Yes, at the forest department's designated sites only, and the fee is included. Fires are not allowed.",
      },
    ],
    days: [
      {
        title: 'McLeodganj to Triund',
        campName: 'Triund ridge',
        altitude: 2850,
        distanceKm: 9,
        description:
          'From Dharamkot past the Galu Devi temple through oak and rhododendron forest, then up the switchbacks to the ridge.',
        mealPlan: MEALS.weekendStart,
      },
      {
        title: 'Triund to McLeodganj',
        altitude: 2850,
        distanceKm: 9,
        description: 'Sunrise on the Dhauladhar and a relaxed walk back to McLeodganj by noon.',
        mealPlan: MEALS.weekendEnd,
      },
    ],
  },
  {
    name: 'Indrahar Pass',
    slug: 'indrahar-pass',
    region: 'dhauladhar',
    style: 'camping',
    description:
      'The pass over the Dhauladhar behind McLeodganj, on the old shepherd route from Kangra to the Chamba side. Past Triund the trail turns steep and rocky, climbs past the Lahesh cave and ends on a narrow notch with views of the Pir Panjal range to the north and the plains of Punjab to the south.',
    maxAltitude: 4342,
    totalDistance: 35,
    difficulty: 'difficult',
    maxGroupSize: 12,
    themes: ['high_pass', 'snow', 'meadows'],
    bestMonths: [5, 6, 9, 10],
    basePrice: 9950,
    fitnessPrep:
      'The final climb to the pass is on large boulders and needs the use of hands in places; a head for heights helps.',
    faqs: [
      {
        question: 'Do we cross to Chamba?',
        answer:
          'No. We climb to the pass and return to McLeodganj; crossing to Kuarsi on the Chamba side adds two days and transport.',
      },
    ],
    days: [
      {
        title: 'McLeodganj to Triund',
        campName: 'Triund ridge',
        altitude: 2850,
        distanceKm: 9,
        description: 'Through forest and up the switchbacks to the Triund ridge.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Triund to Lahesh cave',
        campName: 'Lahesh cave',
        altitude: 3550,
        distanceKm: 5,
        description:
          'Past Snowline and across boulder fields to a large rock shelter used by shepherds.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Indrahar Pass and back to Lahesh',
        campName: 'Lahesh cave',
        altitude: 4342,
        distanceKm: 7,
        description: 'A steep, rocky climb to the pass and down the same line.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Lahesh cave to McLeodganj',
        altitude: 3550,
        distanceKm: 14,
        description:
          'A long, knee-testing descent over the boulders to Triund, then down the forest path to McLeodganj by late afternoon.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
]
