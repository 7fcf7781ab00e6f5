import { MEALS } from '../common'
import type { SeedTrek } from '../types'

export const everestTreks: SeedTrek[] = [
  {
    name: 'Everest Base Camp',
    slug: 'everest-base-camp',
    region: 'everest-khumbu',
    style: 'teahouse',
    description:
      "The walk to the foot of the world's highest mountain, through the Sherpa villages of the Khumbu. From the airstrip at Lukla the trail follows the Dudh Koshi to Namche Bazaar, passes the monastery at Tengboche under Ama Dablam and climbs along the Khumbu glacier to Gorak Shep and Everest Base Camp. The best view of Everest itself comes at dawn from Kala Patthar.",
    maxAltitude: 5545,
    totalDistance: 130,
    difficulty: 'difficult',
    maxGroupSize: 12,
    themes: ['base_camp', 'glacier', 'culture'],
    bestMonths: [3, 4, 5, 10, 11],
    basePrice: 118500,
    extraInclusions: [
      'Return flights between Kathmandu and Lukla',
      'Sagarmatha National Park and Khumbu municipality fees',
    ],
    fitnessPrep:
      'Two acclimatisation days are built in. The Gorak Shep and Kala Patthar days are the hardest, above 5,000 m.',
    faqs: [
      {
        question: 'What happens if the Lukla flight is cancelled?',
        answer:
          'Weather often delays flights. Keep two spare days before your flight home; if we have to charter a helicopter, the extra cost is shared by the group.',
      },
      {
        question: 'Can I see Everest from base camp?',
        answer:
          'Barely: the summit is hidden behind the Nuptse ridge. Kala Patthar, the next morning, has the classic view.',
      },
    ],
    days: [
      {
        title: 'Fly to Lukla, trek to Phakding',
        campName: 'Phakding teahouse',
        altitude: 2860,
        distanceKm: 8,
        description:
          'An early flight to Lukla and a gentle downhill walk along the Dudh Koshi to Phakding.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Phakding to Namche Bazaar',
        campName: 'Namche teahouse',
        altitude: 3440,
        distanceKm: 11,
        description:
          'Over suspension bridges, into the national park at Monjo and up the long hill to Namche.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Acclimatisation in Namche',
        campName: 'Namche teahouse',
        altitude: 3880,
        distanceKm: 6,
        description:
          'A walk up to the Everest View Hotel for the first sight of Everest and Ama Dablam.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Namche to Tengboche',
        campName: 'Tengboche teahouse',
        altitude: 3860,
        distanceKm: 10,
        description:
          'Along a balcony trail, down to the river and up to the monastery of Tengboche.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Tengboche to Dingboche',
        campName: 'Dingboche teahouse',
        altitude: 4410,
        distanceKm: 12,
        description: 'Through Pangboche to the stone-walled fields of Dingboche.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Acclimatisation at Dingboche',
        campName: 'Dingboche teahouse',
        altitude: 5083,
        distanceKm: 6,
        description:
          'A climb up Nangkartshang hill for views of Makalu and Lhotse, and back down to sleep.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Dingboche to Lobuche',
        campName: 'Lobuche teahouse',
        altitude: 4940,
        distanceKm: 8,
        description: "Past the climbers' memorials at Thukla pass to Lobuche.",
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Lobuche to Gorak Shep and Everest Base Camp',
        campName: 'Gorak Shep teahouse',
        altitude: 5364,
        distanceKm: 15,
        description:
          'Along the Khumbu glacier to Gorak Shep, then out across the moraine to base camp and back.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Kala Patthar and down to Pheriche',
        campName: 'Pheriche teahouse',
        altitude: 5545,
        distanceKm: 13,
        description:
          'A pre-dawn climb to Kala Patthar for sunrise on Everest, then the descent to Pheriche.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Pheriche to Namche Bazaar',
        campName: 'Namche teahouse',
        altitude: 4240,
        distanceKm: 21,
        description:
          'A long but easy descent past Pangboche and Tengboche, with a last climb up to Namche for the night.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Namche to Lukla',
        campName: 'Lukla teahouse',
        altitude: 3440,
        distanceKm: 20,
        description: 'The last day on foot, back down the Dudh Koshi to Lukla.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Fly from Lukla to Kathmandu',
        altitude: 2860,
        distanceKm: 0,
        description: 'A morning flight to Kathmandu, weather permitting.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Gokyo Lakes and Gokyo Ri',
    slug: 'gokyo-lakes',
    region: 'everest-khumbu',
    style: 'teahouse',
    description:
      'A quieter alternative to Everest Base Camp, up the Dudh Koshi valley to a string of turquoise glacial lakes beside the Ngozumpa, the longest glacier in Nepal. From Gokyo Ri above the third lake, the view takes in four 8,000 m peaks: Everest, Lhotse, Makalu and Cho Oyu.',
    maxAltitude: 5357,
    totalDistance: 98,
    difficulty: 'difficult',
    maxGroupSize: 12,
    themes: ['alpine_lakes', 'glacier', 'summit'],
    bestMonths: [3, 4, 5, 10, 11],
    basePrice: 112500,
    extraInclusions: [
      'Return flights between Kathmandu and Lukla',
      'Sagarmatha National Park and Khumbu municipality fees',
    ],
    fitnessPrep:
      'Gokyo Ri climbs 570 m from the lake before sunrise; practise steep climbs early in the day.',
    faqs: [
      {
        question: 'Can we combine it with base camp?',
        answer:
          'Yes, over the Cho La pass, adding three to four days and a glacier crossing. Ask us for a custom departure.',
      },
    ],
    days: [
      {
        title: 'Fly to Lukla, trek to Phakding',
        campName: 'Phakding teahouse',
        altitude: 2860,
        distanceKm: 8,
        description: 'Morning flight to Lukla and a short walk to Phakding.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Phakding to Namche Bazaar',
        campName: 'Namche teahouse',
        altitude: 3440,
        distanceKm: 11,
        description: 'Up the Dudh Koshi to the Sherpa capital of Namche.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Acclimatisation in Namche',
        campName: 'Namche teahouse',
        altitude: 3880,
        distanceKm: 6,
        description:
          'A hike above Namche to Syangboche and the village of Khumjung, with its school founded by Edmund Hillary.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Namche to Dole',
        campName: 'Dole teahouse',
        altitude: 4040,
        distanceKm: 11,
        description:
          'Over the Mong La ridge and down to Phortse Tenga, then up through forest to Dole.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Dole to Machhermo',
        campName: 'Machhermo teahouse',
        altitude: 4470,
        distanceKm: 7,
        description: 'A short day along yak pastures, with an afternoon talk at the rescue post.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Machhermo to Gokyo',
        campName: 'Gokyo teahouse',
        altitude: 4790,
        distanceKm: 7,
        description: 'Past the first and second lakes to the village of Gokyo on the third.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Gokyo Ri',
        campName: 'Gokyo teahouse',
        altitude: 5357,
        distanceKm: 6,
        description:
          'A climb to Gokyo Ri for sunrise on Everest and Cho Oyu, and an afternoon by the lake.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Gokyo to Dole',
        campName: 'Dole teahouse',
        altitude: 4790,
        distanceKm: 14,
        description:
          'Back past the lakes and down the valley via Machhermo to the forest edge at Dole.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Dole to Namche Bazaar',
        campName: 'Namche teahouse',
        altitude: 4040,
        distanceKm: 9,
        description: 'Down to Phortse Tenga and over the Mong La back to Namche.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Namche to Lukla',
        campName: 'Lukla teahouse',
        altitude: 3440,
        distanceKm: 19,
        description:
          'The walk out along the Dudh Koshi, over the suspension bridges and up the last hill to Lukla.',
        mealPlan: MEALS.teahouse,
      },
      {
        title: 'Fly from Lukla to Kathmandu',
        altitude: 2860,
        distanceKm: 0,
        description: 'Morning flight to Kathmandu, weather permitting.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
]
