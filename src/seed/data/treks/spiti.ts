import { MEALS } from '../common'
import type { SeedTrek } from '../types'

export const spitiTreks: SeedTrek[] = [
  {
    name: 'Pin Bhaba Pass',
    slug: 'pin-bhaba-pass',
    region: 'spiti',
    style: 'camping',
    description:
      'A crossing from the green Bhaba valley in Kinnaur to the bare Pin valley in Spiti. On one side: forests, meadows full of flowers and waterfalls; on the other, a cold desert of scree and wind-carved cliffs. Few treks show the rain shadow of the Himalaya as sharply.',
    maxAltitude: 4915,
    totalDistance: 50,
    difficulty: 'difficult',
    maxGroupSize: 15,
    themes: ['high_pass', 'culture', 'meadows'],
    bestMonths: [7, 8, 9],
    basePrice: 23950,
    fitnessPrep:
      'You will be above 4,000 m for three days; prior high-altitude experience is required.',
    faqs: [
      {
        question: 'How do we get back from Spiti?',
        answer:
          'The trek ends in Mudh and we drive to Kaza, then over the Kunzum La to Manali. The Manali drive on day 8 is long and depends on the road.',
      },
    ],
    extraInclusions: ['Transport from Mudh to Kaza and Kaza to Manali'],
    days: [
      {
        title: 'Drive from Shimla to Kafnu',
        campName: 'Kafnu guesthouse',
        altitude: 2427,
        distanceKm: 0,
        description: 'About nine hours along the Sutlej to the Bhaba valley.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Kafnu to Mulling',
        campName: 'Mulling',
        altitude: 3250,
        distanceKm: 10,
        description: 'Through forest above the Bhaba river to a clearing beside the water.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Mulling to Karah',
        campName: 'Karah',
        altitude: 3550,
        distanceKm: 8,
        description: 'Into wide meadows with braided streams and shepherd camps.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Karah to Phustirang',
        campName: 'Phustirang',
        altitude: 4100,
        distanceKm: 7,
        description: 'Past a waterfall and up to the last green camp below the pass.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Cross Pin Bhaba Pass to Baldur',
        campName: 'Baldur',
        altitude: 4915,
        distanceKm: 10,
        description:
          'Over snow and scree to the pass, where the colours of Spiti appear all at once, and down to the Pin river at Baldur.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Baldur to Mudh',
        campName: 'Mudh homestay',
        altitude: 4300,
        distanceKm: 15,
        description: 'Along the Pin river to Mudh, the first village of the Pin valley.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Mudh to Kaza',
        campName: 'Kaza guesthouse',
        altitude: 3800,
        distanceKm: 0,
        description: 'A short drive to Kaza with a stop at the Dhankar monastery.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Kaza to Manali',
        altitude: 3650,
        distanceKm: 0,
        description: 'Over the Kunzum La and through the Atal Tunnel to Manali.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Parang La',
    slug: 'parang-la',
    region: 'spiti',
    style: 'camping',
    description:
      'An old trade route from Spiti to the Changthang plateau of Ladakh, over a 5,580 m pass at the head of the Pare Chu river. The trek starts in the village of Kibber, crosses a glacier on the pass and follows the Pare Chu for days through a wide, empty valley to the shore of Tso Moriri. Kiang, marmots and blue sheep are common.',
    maxAltitude: 5580,
    totalDistance: 80,
    difficulty: 'very_difficult',
    maxGroupSize: 12,
    themes: ['high_pass', 'glacier', 'culture', 'wildlife'],
    bestMonths: [7, 8],
    basePrice: 42500,
    extraInclusions: ['Inner Line Permit for Tso Moriri', 'Transport from Korzok to Leh'],
    extraPacking: ['River-crossing sandals'],
    fitnessPrep:
      'The pass day climbs to 5,580 m across a glacier; you must have crossed a 5,000 m pass before.',
    faqs: [
      {
        question: 'How remote is it?',
        answer:
          'There are no villages between Kibber and Korzok. We carry a satellite phone and a portable altitude chamber.',
      },
    ],
    days: [
      {
        title: 'Arrive in Kaza',
        campName: 'Kaza guesthouse',
        altitude: 3650,
        distanceKm: 0,
        description: 'Arrive in Kaza from Manali or Shimla and rest for the remainder of the day.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Acclimatisation at Kibber',
        campName: 'Kibber homestay',
        altitude: 4300,
        distanceKm: 5,
        description:
          'A short drive to Kibber and a walk towards the Chicham bridge to acclimatise.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Kibber to Dumla',
        campName: 'Dumla',
        altitude: 4500,
        distanceKm: 10,
        description: 'Over a ridge and down into a gorge to the pasture of Dumla.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Dumla to Thaltak',
        campName: 'Thaltak',
        altitude: 4750,
        distanceKm: 8,
        description: 'Up a stream bed to a high meadow with views back over Spiti.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Thaltak to Borochen',
        campName: 'Borochen',
        altitude: 4950,
        distanceKm: 6,
        description:
          'A short day up the valley to the last camp below the pass, to rest and prepare.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Cross Parang La to Karsha Gongma',
        campName: 'Karsha Gongma',
        altitude: 5580,
        distanceKm: 12,
        description:
          'A long climb to the pass, across the glacier on the Ladakh side and down to the Pare Chu.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Karsha Gongma to Datang Yongma',
        campName: 'Datang Yongma',
        altitude: 4850,
        distanceKm: 13,
        description: 'Down the wide Pare Chu valley with several cold stream crossings.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Datang Yongma to Norbu Sumdo',
        campName: 'Norbu Sumdo',
        altitude: 4700,
        distanceKm: 14,
        description: 'Across plains grazed by kiang to a camp at a river junction.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Norbu Sumdo to Korzok',
        campName: 'Korzok homestay',
        altitude: 4700,
        distanceKm: 12,
        description: 'Over a low ridge to the shore of Tso Moriri and the village of Korzok.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Korzok to Leh',
        altitude: 4600,
        distanceKm: 0,
        description:
          'Along the Indus to Leh, about seven hours, past Chumathang and its hot springs.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
]
