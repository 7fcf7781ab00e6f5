import { MEALS } from '../common'
import type { SeedTrek } from '../types'

const LEH = 3500

export const ladakhTreks: SeedTrek[] = [
  {
    name: 'Markha Valley',
    slug: 'markha-valley',
    region: 'ladakh',
    style: 'camping',
    description:
      'The most varied trek in Hemis National Park: from the Zanskar river at Chilling up the Markha valley past mud-brick villages, ruined forts and small gompas, to the high pastures of Nimaling under Kang Yatse, and over the Kongmaru La back towards the Indus. Nights alternate between tents and village homestays.',
    maxAltitude: 5260,
    totalDistance: 66,
    difficulty: 'difficult',
    maxGroupSize: 15,
    themes: ['high_pass', 'culture', 'wildlife'],
    bestMonths: [6, 7, 8, 9],
    basePrice: 26950,
    extraInclusions: ['Two nights in a Leh guesthouse', 'Hemis National Park fees'],
    fitnessPrep: 'Two acclimatisation days in Leh are built in; do not skip them by arriving late.',
    faqs: [
      {
        question: 'Will I see snow leopards?',
        answer:
          'Very unlikely in summer. Blue sheep, marmots and golden eagles are common; snow leopards come lower in winter.',
      },
    ],
    days: [
      {
        title: 'Arrive in Leh',
        campName: 'Leh guesthouse',
        altitude: LEH,
        distanceKm: 0,
        description: 'Fly or drive in and rest completely on the first day.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Acclimatisation in Leh',
        campName: 'Leh guesthouse',
        altitude: 3600,
        distanceKm: 4,
        description: 'A slow walk up to the Shanti Stupa and the old town below the palace.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive to Chilling, trek to Skiu',
        campName: 'Skiu',
        altitude: 3400,
        distanceKm: 7,
        description:
          'A drive to the Zanskar river at Chilling, then an easy walk to the village of Skiu.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Skiu to Sara',
        campName: 'Sara',
        altitude: 3550,
        distanceKm: 11,
        description: 'Up the Markha river through willow groves and barley fields.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Sara to Markha',
        campName: 'Markha village',
        altitude: 3750,
        distanceKm: 10,
        description:
          'Past chortens and a river crossing to Markha, the largest village of the valley.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Markha to Hankar',
        campName: 'Hankar',
        altitude: 4000,
        distanceKm: 11,
        description: 'Past the cliff-top Tacha gompa to Hankar, with the first view of Kang Yatse.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Hankar to Nimaling',
        campName: 'Nimaling',
        altitude: 4700,
        distanceKm: 9,
        description:
          'A climb to the high summer pastures of Nimaling, below the Kang Yatse glaciers.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Kongmaru La to Chokdo and drive to Leh',
        campName: 'Leh guesthouse',
        altitude: 5260,
        distanceKm: 14,
        description:
          'Over the pass with views to the Karakoram, down a narrow gorge to Chokdo and back to Leh.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Depart Leh',
        altitude: LEH,
        distanceKm: 0,
        description: 'Check out after breakfast; flights out of Leh leave in the morning.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Chadar Frozen River',
    slug: 'chadar',
    region: 'ladakh',
    style: 'camping',
    description:
      'A winter walk on the frozen Zanskar river, the only route that connected Zanskar to Leh in winter for centuries. You walk on a sheet of ice (the chadar) between sheer canyon walls, sleep in caves and tents at -20°C, and reach the frozen Naerak waterfall. The ice changes from year to year, and the walk ends where it is safe. Ladakh requires three days in Leh and a medical check before the trek, so Leh is the highest point of the trip; the river camps sit between 3,100 and 3,400 m.',
    maxAltitude: LEH,
    totalDistance: 62,
    difficulty: 'difficult',
    maxGroupSize: 15,
    themes: ['winter', 'snow', 'culture'],
    bestMonths: [1, 2],
    basePrice: 27950,
    extraInclusions: [
      'Three nights in a Leh guesthouse',
      'Ladakh wildlife and environment fees',
      'Insurance required by the Ladakh administration',
    ],
    extraPacking: [
      'Gumboots with a good grip (we provide them in Leh)',
      'Down jacket rated to -20°C',
    ],
    fitnessPrep:
      'Walking on ice needs short, flat steps; the cold drains energy, so be in good cardio shape and eat well on the trail.',
    faqs: [
      {
        question: 'What if the ice breaks up?',
        answer:
          'The trek leader decides each day how far is safe. When the chadar is broken, the group turns back early or climbs along the banks.',
      },
      {
        question: 'Why three days in Leh?',
        answer:
          'Ladakh rules require three nights in Leh and a medical check before the trek, since most visitors fly straight to 3,500 m.',
      },
    ],
    days: [
      {
        title: 'Fly into Leh',
        campName: 'Leh guesthouse',
        altitude: LEH,
        distanceKm: 0,
        description:
          'Arrive in the morning and rest indoors all day; the body needs it at 3,500 m in winter.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Rest in Leh',
        campName: 'Leh guesthouse',
        altitude: LEH,
        distanceKm: 0,
        description: 'A second day of rest and a short walk in town.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Medical check in Leh',
        campName: 'Leh guesthouse',
        altitude: LEH,
        distanceKm: 0,
        description: 'The mandatory medical check, permits and a gear check.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive to Shingra Koma, walk to Gyalpo',
        campName: 'Gyalpo',
        altitude: 3170,
        distanceKm: 2,
        description: 'A drive along the Zanskar and the first steps on the ice to the Gyalpo camp.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Gyalpo to Tibb cave',
        campName: 'Tibb cave',
        altitude: 3225,
        distanceKm: 15,
        description: 'Through the deepest part of the gorge, with frozen waterfalls on the walls.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Tibb cave to Naerak',
        campName: 'Naerak',
        altitude: 3390,
        distanceKm: 15,
        description: 'On to Naerak and its frozen waterfall, the turning point of the trek.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Naerak to Tibb cave',
        campName: 'Tibb cave',
        altitude: 3390,
        distanceKm: 13,
        description: 'Back down the river; the ice may look very different from two days earlier.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Tibb cave to Shingra Koma and drive to Leh',
        campName: 'Leh guesthouse',
        altitude: LEH,
        distanceKm: 17,
        description: 'The last and longest stretch of ice, and the drive back to Leh.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Depart Leh',
        altitude: LEH,
        distanceKm: 0,
        description: 'Check out after breakfast; flights out of Leh leave in the morning.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Sham Valley',
    slug: 'sham-valley',
    region: 'ladakh',
    status: 'draft',
    style: 'teahouse',
    description:
      'A gentle village-to-village walk west of Leh, from Likir to Temisgam over a few low passes, staying in family homestays. A good way to meet Ladakh for families and first-time trekkers. Being prepared for next season.',
    maxAltitude: 3750,
    totalDistance: 30,
    difficulty: 'easy',
    maxGroupSize: 12,
    themes: ['culture', 'family'],
    bestMonths: [5, 6, 7, 8, 9, 10],
    basePrice: 12450,
    fitnessPrep: 'Daily walks of 8 to 12 km on dry, open trails.',
    faqs: [
      {
        question: 'Where do we sleep?',
        answer: 'In homestays with Ladakhi families, in shared rooms with mattresses and quilts.',
      },
    ],
    days: [
      {
        title: 'Arrive in Leh',
        campName: 'Leh guesthouse',
        altitude: LEH,
        distanceKm: 0,
        description: 'Arrive in Leh and rest for the whole day to start acclimatising.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Acclimatise in Leh',
        campName: 'Leh guesthouse',
        altitude: LEH,
        distanceKm: 0,
        description: 'A gentle day with a slow walk to the Leh palace and the old town.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Likir to Yangthang',
        campName: 'Yangthang homestay',
        altitude: 3650,
        distanceKm: 10,
        description: 'Over the Phobe La and Chagatse La to Yangthang.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Yangthang to Hemis Shukpachan',
        campName: 'Hemis Shukpachan homestay',
        altitude: 3750,
        distanceKm: 8,
        description: 'Via the Tsermangchan La to a village known for its juniper grove.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Hemis Shukpachan to Temisgam and drive to Leh',
        altitude: 3750,
        distanceKm: 12,
        description: 'Over the Mebtak La to Temisgam and its hilltop palace, then back to Leh.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
]
