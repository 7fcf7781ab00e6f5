import { MEALS } from '../common'
import type { SeedTrek } from '../types'

export const kashmirTreks: SeedTrek[] = [
  {
    name: 'Kashmir Great Lakes',
    slug: 'kashmir-great-lakes',
    region: 'kashmir',
    style: 'camping',
    description:
      "Seven days between Sonamarg and Naranag past a chain of alpine lakes — Vishansar, Kishansar, Gadsar, Satsar and the twin lakes of Gangabal and Nundkol — each with its own colour. In between lie three passes and endless meadows grazed by shepherds' flocks. Often called the most beautiful trek in India.",
    maxAltitude: 4191,
    totalDistance: 72,
    difficulty: 'moderate',
    maxGroupSize: 20,
    themes: ['alpine_lakes', 'meadows', 'high_pass'],
    bestMonths: [7, 8, 9],
    basePrice: 19450,
    extraInclusions: ['Transport from Srinagar to Sonamarg and from Naranag to Srinagar'],
    fitnessPrep:
      'Four days are 12 km or more with a pass on each; train for consecutive long days.',
    faqs: [
      {
        question: 'Is it safe to trek in Kashmir?',
        answer:
          'The route runs through a well-patrolled area with army check posts, where your ID is checked. We follow local advisories and will move dates if they advise against travel.',
      },
      {
        question: 'Do I need extra ID?',
        answer: 'Carry two copies of a government photo ID; the check post at Satsar keeps a copy.',
      },
    ],
    days: [
      {
        title: 'Drive from Srinagar to Sonamarg',
        campName: 'Sonamarg camp',
        altitude: 2730,
        distanceKm: 0,
        description: 'Three hours along the Sindh river to our camp near Sonamarg.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Sonamarg to Nichnai',
        campName: 'Nichnai',
        altitude: 3505,
        distanceKm: 12,
        description: 'Through maple and birch at Shekdur and up a long valley to Nichnai.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Nichnai to Vishansar via Nichnai Pass',
        campName: 'Vishansar lake',
        altitude: 4080,
        distanceKm: 12,
        description: 'Over the Nichnai pass and down into a flowered valley to the first lake.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Vishansar to Gadsar via Gadsar Pass',
        campName: 'Gadsar',
        altitude: 4191,
        distanceKm: 16,
        description:
          'Up past Kishansar to the highest pass of the trek, then down to the Gadsar lake.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Gadsar to Satsar',
        campName: 'Satsar',
        altitude: 3810,
        distanceKm: 12,
        description: 'Past the army check post at Megandob to the Satsar lakes.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Satsar to Gangabal over Zach Pass',
        campName: 'Gangabal',
        altitude: 4080,
        distanceKm: 9,
        description: 'Over a boulder section and the Zach pass to the twin lakes under Mt Harmukh.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Gangabal to Naranag and drive to Srinagar',
        altitude: 3570,
        distanceKm: 11,
        description: 'A steep descent through pine forest to Naranag and the drive to Srinagar.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Tarsar Marsar',
    slug: 'tarsar-marsar',
    region: 'kashmir',
    style: 'camping',
    description:
      'A loop from Aru near Pahalgam to the twin lakes of Tarsar and Marsar, separated by a single ridge. The Lidder valley meadows are wide and green, shared with Gujjar and Bakarwal families who bring their herds up for the summer. Quieter than the Great Lakes and a little gentler.',
    maxAltitude: 4024,
    totalDistance: 48,
    difficulty: 'moderate',
    maxGroupSize: 18,
    themes: ['alpine_lakes', 'meadows', 'culture'],
    bestMonths: [7, 8, 9],
    basePrice: 17450,
    extraInclusions: ['Transport from Srinagar to Aru and back'],
    fitnessPrep: 'Walking days are moderate; the crossing towards Sundersar is the steepest part.',
    faqs: [
      {
        question: 'Can we camp beside Marsar?',
        answer:
          'No; it lies in a protected catchment. We see it from the ridge above Sundersar and camp at Homwas instead.',
      },
    ],
    days: [
      {
        title: 'Drive from Srinagar to Aru',
        campName: 'Aru',
        altitude: 2410,
        distanceKm: 0,
        description: 'About four hours via Pahalgam to the meadow village of Aru.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Aru to Lidderwat',
        campName: 'Lidderwat',
        altitude: 3000,
        distanceKm: 10,
        description: 'Through pine forest and meadows beside the Lidder river.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Lidderwat to Shekwas',
        campName: 'Shekwas',
        altitude: 3400,
        distanceKm: 6,
        description:
          'Up the western Lidder into a wide valley dotted with the log huts of shepherd families.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Shekwas to Tarsar',
        campName: 'Tarsar lake',
        altitude: 3800,
        distanceKm: 5,
        description: 'A short climb to the almond-shaped Tarsar lake.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Tarsar to Sundersar',
        campName: 'Sundersar',
        altitude: 3950,
        distanceKm: 5,
        description: 'Over the Tarsar pass into the quiet bowl of Sundersar.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Marsar viewpoint and down to Homwas',
        campName: 'Homwas',
        altitude: 4024,
        distanceKm: 10,
        description: 'Up to the ridge looking down on Marsar, then down to the Homwas meadow.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Homwas to Aru and drive to Srinagar',
        altitude: 3400,
        distanceKm: 12,
        description: 'Back via Lidderwat to Aru and the drive to Srinagar.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
]
