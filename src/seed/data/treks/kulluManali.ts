import { MEALS } from '../common'
import type { SeedTrek } from '../types'

export const kulluManaliTreks: SeedTrek[] = [
  {
    name: 'Hampta Pass',
    slug: 'hampta-pass',
    region: 'kullu-manali',
    style: 'camping',
    description:
      'A crossover from the green Kullu side to the stark, barren Lahaul valley in just one day on the pass. Meadows full of flowers and streams lead up to the Hampta Pass; on the other side the trail drops to the Chandra river under bare brown mountains. The trek ends with a visit to the crescent-shaped Chandratal lake when the road is open.',
    maxAltitude: 4270,
    totalDistance: 26,
    difficulty: 'moderate',
    maxGroupSize: 20,
    themes: ['high_pass', 'meadows', 'alpine_lakes'],
    bestMonths: [6, 7, 8, 9],
    basePrice: 12950,
    fitnessPrep:
      'There are two river crossings in cold water; strong legs and good balance matter more than speed.',
    faqs: [
      {
        question: 'Is the Chandratal visit guaranteed?',
        answer:
          'It depends on the road from Chatru to Chandratal, which closes after snow or landslides. When it is shut we drive straight back to Manali.',
      },
      {
        question: 'Where do we meet?',
        answer:
          'At our Manali office near the Mall Road at 9 am on day 1. The drive to Jobra is included.',
      },
    ],
    extraInclusions: ['Transport from Manali to Jobra, and from Chatru to Chandratal and Manali'],
    days: [
      {
        title: 'Manali to Jobra, trek to Jwara',
        campName: 'Jwara',
        altitude: 3380,
        distanceKm: 4,
        description:
          'A drive up the hairpins of the Hamta road to Jobra, then a walk through maple forest and along the Rani nallah to a flat meadow at Jwara.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Jwara to Balu ka Ghera',
        campName: 'Balu ka Ghera',
        altitude: 3700,
        distanceKm: 5,
        description:
          'A gentle valley walk with the Hampta pass ahead; Balu ka Ghera is a sandy bend in the river under Indrasan and Deo Tibba.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Cross Hampta Pass to Shea Goru',
        campName: 'Shea Goru',
        altitude: 4270,
        distanceKm: 8,
        description:
          'A steady climb on snow or scree to the pass, a sudden change of landscape on top, and a steep descent to Shea Goru in Lahaul.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Shea Goru to Chatru',
        campName: 'Chatru',
        altitude: 3800,
        distanceKm: 7,
        description: 'Down the valley over a few streams to Chatru on the Chandra river.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Chandratal and drive to Manali',
        altitude: 4250,
        distanceKm: 2,
        description:
          'A drive along the Chandra to Chandratal and a short walk to its shore, then back through the Atal Tunnel to Manali by evening.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Beas Kund',
    slug: 'beas-kund',
    region: 'kullu-manali',
    style: 'camping',
    description:
      'A short trek from Solang to the glacial pool where the Beas river is said to begin, in a bowl under Hanuman Tibba, Shitidhar and the Seven Sisters. The Bakarthach meadow is an easy day from the road, which makes this a good introduction to camping at altitude.',
    maxAltitude: 3700,
    totalDistance: 16,
    difficulty: 'easy',
    maxGroupSize: 20,
    themes: ['alpine_lakes', 'glacier', 'meadows', 'family'],
    bestMonths: [5, 6, 9, 10],
    basePrice: 9450,
    fitnessPrep: 'The walk up to Beas Kund crosses boulder fields; practise on rough ground.',
    faqs: [
      {
        question: 'Is it too close to the road to feel remote?',
        answer:
          'The first hour from Dhundi has day visitors. Beyond Bakarthach you will see only shepherds and their flocks.',
      },
    ],
    extraInclusions: ['Transport from Manali to Dhundi and back'],
    days: [
      {
        title: 'Arrive in Manali',
        campName: 'Manali guesthouse',
        altitude: 2050,
        distanceKm: 0,
        description:
          'Check in by 2 pm, a short walk through Old Manali and a briefing and gear check in the evening.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Dhundi to Bakarthach',
        campName: 'Bakarthach',
        altitude: 3300,
        distanceKm: 5,
        description:
          'A short drive past Solang to Dhundi, then along the Beas through forest and onto the Bakarthach meadow.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Beas Kund and back to Bakarthach',
        campName: 'Bakarthach',
        altitude: 3700,
        distanceKm: 6,
        description:
          'Over moraine and boulders to the small glacial lake, with the Friendship peak and Hanuman Tibba close overhead.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Bakarthach to Dhundi and drive to Manali',
        altitude: 3300,
        distanceKm: 5,
        description: 'Back down the valley and a drive to Manali by lunchtime.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Bhrigu Lake',
    slug: 'bhrigu-lake',
    region: 'kullu-manali',
    style: 'camping',
    description:
      'A high alpine lake above Gulaba, reached over some of the finest meadows around Manali. The lake is linked to the sage Bhrigu and stays frozen until June; from its rim the Pir Panjal and the peaks above Solang line the horizon. Short but quick to gain height.',
    maxAltitude: 4300,
    totalDistance: 20,
    difficulty: 'moderate',
    maxGroupSize: 18,
    themes: ['alpine_lakes', 'meadows', 'snow'],
    bestMonths: [5, 6, 9, 10],
    basePrice: 10450,
    fitnessPrep: 'The trek gains 1,300 m in two days; acclimatise well and drink plenty of water.',
    faqs: [
      {
        question: 'Why not go up and down in a day?',
        answer:
          'Some people do, but sleeping at 3,900 m before the lake makes the climb safer and far more pleasant.',
      },
    ],
    extraInclusions: ['Transport from Manali to Gulaba and from Vashisht to Manali'],
    days: [
      {
        title: 'Gulaba to Jonker Thach',
        campName: 'Jonker Thach',
        altitude: 3350,
        distanceKm: 5,
        description:
          'A drive up the Rohtang road to Gulaba, then a climb through silver birch to the meadow of Jonker Thach.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Jonker Thach to Rola Kholi',
        campName: 'Rola Kholi',
        altitude: 3900,
        distanceKm: 4,
        description: 'Over open grassland with the Pir Panjal behind to a camp beside a stream.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Bhrigu Lake and down to Pandu Ropa',
        campName: 'Pandu Ropa',
        altitude: 4300,
        distanceKm: 6,
        description: 'An early climb to the lake, then across the meadows to the Pandu Ropa camp.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Pandu Ropa to Vashisht and drive to Manali',
        altitude: 3600,
        distanceKm: 5,
        description:
          'A steep forest descent to the hot springs of Vashisht, then a short drive to Manali.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Sar Pass',
    slug: 'sar-pass',
    region: 'kullu-manali',
    style: 'camping',
    description:
      'A pass above the Parvati valley whose name comes from a small lake (sar) often frozen on the way up. The route passes the village of Grahan, pine forest and snow ridges, and the descent from the pass is a long snow slide. Nights in the Biskeri meadow are among the most scenic of the region.',
    maxAltitude: 4220,
    totalDistance: 48,
    difficulty: 'moderate',
    maxGroupSize: 20,
    themes: ['snow', 'high_pass', 'forest', 'culture'],
    bestMonths: [5, 6, 9, 10],
    basePrice: 10950,
    fitnessPrep: 'The pass day is 14 km on snow; long days in boots are the best training.',
    faqs: [
      {
        question: 'Is the snow slide safe?',
        answer:
          'Our trek leader checks the slope first and the group slides one at a time in a cut channel with staff at the bottom. In autumn there is little snow and we walk down.',
      },
    ],
    extraInclusions: ['Transport from Barshaini to Kasol on the last day'],
    days: [
      {
        title: 'Arrive in Kasol',
        campName: 'Kasol guesthouse',
        altitude: 1580,
        distanceKm: 0,
        description:
          'Check in by 2 pm, a walk along the Parvati river and a briefing in the evening.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Kasol to Grahan',
        campName: 'Grahan',
        altitude: 2350,
        distanceKm: 9,
        description: 'Along the Grahan stream through pine forest to the village of Grahan.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Grahan to Min Thach',
        campName: 'Min Thach',
        altitude: 3400,
        distanceKm: 6,
        description:
          'A steep climb through rhododendron to a meadow camp with views back to the Parvati valley.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Min Thach to Nagaru',
        campName: 'Nagaru',
        altitude: 3800,
        distanceKm: 5,
        description: 'Onto the snowline and up to an exposed ridge camp, the highest of the trek.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Sar Pass and down to Biskeri',
        campName: 'Biskeri Thach',
        altitude: 4220,
        distanceKm: 14,
        description:
          'An early crossing over snow past the frozen sar to the pass, a slide down the far side and a walk to the Biskeri meadow.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Biskeri to Barshaini and drive to Kasol',
        altitude: 3400,
        distanceKm: 14,
        description:
          'Down through Bandak Thach and pine forest to Barshaini, and a drive to Kasol.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Kheerganga',
    slug: 'kheerganga',
    region: 'kullu-manali',
    style: 'camping',
    description:
      'A weekend walk up the Parvati valley to a meadow with a natural hot spring and a small Shiva shrine. The trail passes the village of Nakthan and waterfalls in a thick forest; the bath in the hot pool at the top after the climb is the reason most people come.',
    maxAltitude: 2950,
    totalDistance: 24,
    difficulty: 'easy',
    maxGroupSize: 20,
    themes: ['weekend', 'forest', 'culture', 'family'],
    bestMonths: [3, 4, 5, 6, 9, 10, 11],
    basePrice: 3950,
    fitnessPrep: 'Twelve kilometres uphill in a day: practise with a long walk the weekend before.',
    faqs: [
      {
        question: 'Can we bathe in the hot spring?',
        answer:
          'Yes, in the separate pools for men and women. Please use no soap or shampoo in the water and respect the temple beside it.',
      },
    ],
    days: [
      {
        title: 'Barshaini to Kheerganga',
        campName: 'Kheerganga',
        altitude: 2950,
        distanceKm: 12,
        description:
          'Across the Parvati at Barshaini, up through Nakthan village and a forest of pine and oak to the meadow. The hot spring is a short walk from camp.',
        mealPlan: MEALS.weekendStart,
      },
      {
        title: 'Kheerganga to Barshaini',
        altitude: 2950,
        distanceKm: 12,
        description: 'Sunrise over the valley and back down by the Rudranag waterfall route.',
        mealPlan: MEALS.weekendEnd,
      },
    ],
  },
]
