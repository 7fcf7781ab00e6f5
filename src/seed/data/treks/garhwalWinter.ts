import { MEALS } from '../common'
import type { SeedTrek } from '../types'

/** Garhwal treks that are at their best in the snow months. */
export const garhwalWinterTreks: SeedTrek[] = [
  {
    name: 'Kedarkantha',
    slug: 'kedarkantha',
    region: 'garhwal',
    style: 'camping',
    description:
      'The best-known winter summit in India. From the village of Sankri in the Tons valley the trail climbs through pine and oak to a frozen forest lake, then across snowfields to a small rounded summit with a full circle of peaks: Swargarohini, Bandarpoonch, Black Peak and the Har Ki Dun valley. Campsites sit in clearings with wide views, and the summit push starts before dawn so you reach the top for sunrise.',
    maxAltitude: 3810,
    totalDistance: 20,
    difficulty: 'moderate',
    maxGroupSize: 20,
    themes: ['snow', 'winter', 'summit', 'forest'],
    bestMonths: [12, 1, 2, 3, 4],
    basePrice: 11950,
    extraPacking: ['Microspikes are provided; bring gaiters if you own them'],
    fitnessPrep:
      'The summit day has a steep 400 m climb on snow before sunrise, so practise walking uphill at a steady pace for an hour without long stops.',
    faqs: [
      {
        question: 'Will there be snow?',
        answer:
          'From late December to March there is almost always snow above Juda ka Talab, and often from Sankri itself after a fresh fall. In April the snow retreats to the summit slopes.',
      },
      {
        question: 'Is Kedarkantha a good first Himalayan trek?',
        answer:
          'Yes. Daily distances are short and the campsites are well spaced for acclimatisation. Only the summit morning is long and steep.',
      },
    ],
    days: [
      {
        title: 'Drive from Dehradun to Sankri',
        campName: 'Sankri guesthouse',
        altitude: 1950,
        distanceKm: 0,
        description:
          'A 200 km drive of about nine hours via Mussoorie, Purola and Mori, the last part along the Tons river. Sankri is the last roadhead village; we meet for a briefing and a gear check in the evening.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Sankri to Juda ka Talab',
        campName: 'Juda ka Talab',
        altitude: 2780,
        distanceKm: 4,
        description:
          'A steady climb through pine, then oak and maple forest, crossing a few streams. The camp is beside a small lake that freezes solid in mid-winter.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Juda ka Talab to Kedarkantha base',
        campName: 'Kedarkantha base camp',
        altitude: 3430,
        distanceKm: 4,
        description:
          'Shorter and gentler, through birch and into open clearings. The base camp looks straight at the summit cone and the peaks of the Har Ki Dun valley; the afternoon is for rest and an early night.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Summit and descent to Hargaon',
        campName: 'Hargaon',
        altitude: 3810,
        distanceKm: 7,
        description:
          'We leave at about 3 am with headlamps and climb a steep snow ridge to the summit for sunrise. After breakfast back at base we walk down through pine forest to the Hargaon camp.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Hargaon to Sankri',
        campName: 'Sankri guesthouse',
        altitude: 2900,
        distanceKm: 5,
        description:
          'An easy descent past the village fields of Saur back to Sankri, with the afternoon free to walk through the village and its wooden houses.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Sankri to Dehradun',
        altitude: 1950,
        distanceKm: 0,
        description: 'We leave after breakfast and reach Dehradun by evening.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Brahmatal',
    slug: 'brahmatal',
    region: 'garhwal',
    style: 'camping',
    description:
      'A winter ridge walk above the Pindar valley with two lakes, Bekaltal and Brahmatal, and some of the closest views of Mt Trishul and Nanda Ghunti you can get on a moderate trek. The trail runs through dense oak and rhododendron, then along an open ridge above the treeline where snow lies deep from January.',
    maxAltitude: 3734,
    totalDistance: 24,
    difficulty: 'moderate',
    maxGroupSize: 20,
    themes: ['snow', 'winter', 'alpine_lakes', 'summit'],
    bestMonths: [12, 1, 2, 3],
    basePrice: 13450,
    fitnessPrep:
      'The ridge section is walked on snow for several hours; long walks in boots will prepare your ankles and calves.',
    faqs: [
      {
        question: 'How cold does it get?',
        answer:
          'Night temperatures at Tilandi and the lake camp fall to between -8°C and -12°C in January. Our sleeping bags are rated for it, and you should bring thermal layers.',
      },
      {
        question: 'Where does the trek start?',
        answer:
          'At Lohajung, a ten-hour drive from Kathgodam. We arrange shared transport from Kathgodam railway station at 6 am on day 1.',
      },
    ],
    days: [
      {
        title: 'Drive from Kathgodam to Lohajung',
        campName: 'Lohajung guesthouse',
        altitude: 2300,
        distanceKm: 0,
        description:
          'A long drive of about ten hours past Almora, Kausani and Gwaldam, with views of the Kumaon peaks on the way. Lohajung is a small pass village at the head of the Pindar valley.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Lohajung to Bekaltal',
        campName: 'Bekaltal',
        altitude: 2926,
        distanceKm: 5,
        description:
          'Down to the Neel Ganga stream and then a long climb through thick oak forest to a quiet lake hidden among the trees.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Bekaltal to Tilandi',
        campName: 'Tilandi',
        altitude: 3261,
        distanceKm: 5,
        description:
          'Out of the forest to the Tilandi clearing, where the whole Trishul and Nanda Ghunti wall appears. The sunset here is one of the highlights of the trek.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Brahmatal top and down to the lake',
        campName: 'Brahmatal lake',
        altitude: 3734,
        distanceKm: 6,
        description:
          'Along the snowy ridge past Jhandi top to the highest point, Brahmatal top, then down to the frozen lake of Brahmatal and our camp on its shore.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Brahmatal lake to Lohajung',
        campName: 'Lohajung guesthouse',
        altitude: 3400,
        distanceKm: 8,
        description:
          'A long descent through Daldum and the rhododendron forest back to Lohajung for a hot shower.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Lohajung to Kathgodam',
        altitude: 2300,
        distanceKm: 0,
        description: 'Departure at 7 am; we reach Kathgodam by about 6 pm.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Kuari Pass',
    slug: 'kuari-pass',
    region: 'garhwal',
    style: 'camping',
    description:
      'The trail Lord Curzon walked in 1905, crossing a low grassy pass above Joshimath. It is one of the best viewpoints in Garhwal for its effort: Nanda Devi, Dronagiri, Kamet, Hathi Ghoda and Chaukhamba stand in a single line across the horizon. Oak forest, snow-covered meadows in winter and friendly villages make it a well-rounded first trek.',
    maxAltitude: 3815,
    totalDistance: 33,
    difficulty: 'moderate',
    maxGroupSize: 20,
    themes: ['snow', 'high_pass', 'meadows', 'forest'],
    bestMonths: [1, 2, 3, 4, 10, 11, 12],
    basePrice: 12950,
    fitnessPrep:
      'The long descent on day 5 is the hardest on the knees; include downhill walking or step-downs in your training.',
    faqs: [
      {
        question: 'Do we actually cross the pass?',
        answer:
          'We climb to the pass for the views and return to Khullara by the same slopes, which lets the whole group acclimatise at one camp and keeps the trek possible after heavy snow.',
      },
      {
        question: 'Is there mobile network?',
        answer:
          'There is a weak signal in Dhak and Joshimath only. Plan to be out of reach from day 2 to day 5.',
      },
    ],
    days: [
      {
        title: 'Drive from Rishikesh to Joshimath',
        campName: 'Joshimath guesthouse',
        altitude: 1890,
        distanceKm: 0,
        description:
          'Nine hours along the Ganga and then the Alaknanda, passing the confluences at Devprayag, Rudraprayag and Nandprayag.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Dhak to Gulling',
        campName: 'Gulling',
        altitude: 2960,
        distanceKm: 6,
        description:
          'A short drive to Dhak village, then a climb past terraced fields and through oak forest to a clearing at Gulling.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Gulling to Khullara',
        campName: 'Khullara',
        altitude: 3300,
        distanceKm: 5,
        description:
          'Steady climbing through rhododendron and oak to the Khullara meadow, where the first big view of Dronagiri and Hathi Ghoda opens up.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Kuari Pass and back to Khullara',
        campName: 'Khullara',
        altitude: 3815,
        distanceKm: 10,
        description:
          'An early start across the slopes to the pass. From the top, Nanda Devi and the peaks around the Rishi Ganga gorge fill the east. Back to the same camp for the night.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Khullara to Dhak and drive to Joshimath',
        campName: 'Joshimath guesthouse',
        altitude: 3300,
        distanceKm: 12,
        description:
          'A long descent through forest and the village of Tugasi to Dhak, then a short drive back to Joshimath.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Joshimath to Rishikesh',
        altitude: 1890,
        distanceKm: 0,
        description:
          'We leave early and follow the Alaknanda and the Ganga back to Rishikesh by evening.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Dayara Bugyal',
    slug: 'dayara-bugyal',
    region: 'garhwal',
    style: 'camping',
    description:
      'One of the largest high meadows in India, above the Bhagirathi valley near Uttarkashi. The climb from Raithal is gentle, the forest is old and quiet, and from the top of the meadow the view runs from Bandarpoonch to the Gangotri peaks. In winter the meadow turns into a wide snowfield; in spring and autumn it is a rolling carpet of grass.',
    maxAltitude: 3700,
    totalDistance: 21,
    difficulty: 'easy',
    maxGroupSize: 20,
    themes: ['meadows', 'snow', 'family', 'winter'],
    bestMonths: [1, 2, 3, 4, 5, 6, 10, 11, 12],
    basePrice: 10450,
    fitnessPrep:
      'Children from ten years up do this trek well; walking up hills or stairs for 45 minutes without a break is a good test.',
    faqs: [
      {
        question: 'Can families with children join?',
        answer:
          'Yes. The minimum age is 10, and a parent or guardian must be in the same batch. Campsites are close to the treeline and sheltered.',
      },
      {
        question: 'What is the Butter Festival?',
        answer:
          'Andudi, held in August by the villagers of Raithal, is a celebration on the meadow where milk, butter and buttermilk are splashed instead of colours. Our monsoon departures do not run, but you can visit it on your own.',
      },
    ],
    days: [
      {
        title: 'Drive from Dehradun to Raithal',
        campName: 'Raithal homestay',
        altitude: 2150,
        distanceKm: 0,
        description:
          'About seven hours via Uttarkashi and up the Bhagirathi valley to Raithal, a village of old wooden houses.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Raithal to Gui',
        campName: 'Gui',
        altitude: 2800,
        distanceKm: 5,
        description:
          'Through fields and then a shady forest of oak and maple to a clearing with a stream nearby.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Gui to Chilapada',
        campName: 'Chilapada',
        altitude: 3400,
        distanceKm: 4,
        description:
          'Out of the trees onto the first slopes of the bugyal. Chilapada sits on the edge of the meadow with the Gangotri peaks in front.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Dayara top and descent to Raithal',
        campName: 'Raithal homestay',
        altitude: 3700,
        distanceKm: 12,
        description:
          'Across the meadow to its highest point for views of Bandarpoonch, Srikanth and Draupadi ka Danda, then a long descent via Gui back to Raithal.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Raithal to Dehradun',
        altitude: 2150,
        distanceKm: 0,
        description: 'We leave after breakfast and reach Dehradun in the evening.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Nag Tibba',
    slug: 'nag-tibba',
    region: 'garhwal',
    style: 'camping',
    description:
      'The highest peak of the Nag Tibba range in the lower Garhwal hills, and the easiest way to see snow peaks over a weekend from Delhi or Dehradun. The trail climbs through farms and oak forest to a campsite below the summit; the top looks out on Swargarohini, Bandarpoonch and the Kedarnath range.',
    maxAltitude: 3022,
    totalDistance: 16,
    difficulty: 'easy',
    maxGroupSize: 20,
    themes: ['weekend', 'family', 'forest', 'summit'],
    bestMonths: [1, 2, 3, 4, 5, 6, 10, 11, 12],
    basePrice: 5950,
    fitnessPrep: 'If you can walk 8 km on a hilly road with a light bag, you are ready.',
    faqs: [
      {
        question: 'How do I reach Pantwari?',
        answer:
          'Our shared vehicle leaves Dehradun railway station at 6:30 am on day 1 and returns there by 8 pm on day 2; the fare is included.',
      },
      {
        question: 'Is there water on the trail?',
        answer:
          'Carry two litres from Pantwari. Water at camp is from a spring and is boiled before serving.',
      },
    ],
    extraInclusions: ['Shared transport from Dehradun to Pantwari and back'],
    days: [
      {
        title: 'Dehradun to Pantwari and up to Nag Tibba base',
        campName: 'Nag Tibba base camp',
        altitude: 2750,
        distanceKm: 6,
        description:
          'A four-hour drive to Pantwari village, then a climb past terraced fields and into oak forest to the base camp on a saddle below the summit.',
        mealPlan: MEALS.weekendStart,
      },
      {
        title: 'Summit and descent to Pantwari',
        altitude: 3022,
        distanceKm: 10,
        description:
          'An early walk to the summit for sunrise over the Garhwal range, back to camp for breakfast, and down to Pantwari for the drive to Dehradun.',
        mealPlan: MEALS.weekendEnd,
      },
    ],
  },
]
