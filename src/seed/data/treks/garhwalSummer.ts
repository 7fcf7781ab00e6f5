import { MEALS } from '../common'
import type { SeedTrek } from '../types'

/** Garhwal treks of the summer and autumn seasons. */
export const garhwalSummerTreks: SeedTrek[] = [
  {
    name: 'Har Ki Dun',
    slug: 'har-ki-dun',
    region: 'garhwal',
    style: 'camping',
    description:
      'A cradle-shaped valley at the foot of Swargarohini, reached along the Supin river through some of the oldest villages in Garhwal. Osla and Gangaad keep their carved wooden houses and their own traditions, and the valley head opens to the Jaundhar glacier and the Borasu pass. Gentle gradients make it a good trek for the spring and autumn shoulder seasons.',
    maxAltitude: 3566,
    totalDistance: 47,
    difficulty: 'moderate',
    maxGroupSize: 18,
    themes: ['meadows', 'culture', 'forest', 'glacier'],
    bestMonths: [3, 4, 5, 6, 9, 10, 11, 12],
    basePrice: 14950,
    fitnessPrep: 'The walk out on day 6 is 15 km; train with at least one long day of that length.',
    faqs: [
      {
        question: 'Can we visit the villages?',
        answer:
          'Yes. We stop at Osla and its Someshwar temple on the way in. Please ask before photographing people and keep to the paths between fields.',
      },
      {
        question: 'Is Har Ki Dun snowbound in winter?',
        answer:
          'From late December the valley is usually under snow and the upper camps are not used. Our December departures turn around where the snow makes it unsafe.',
      },
    ],
    days: [
      {
        title: 'Drive from Dehradun to Sankri',
        campName: 'Sankri guesthouse',
        altitude: 1950,
        distanceKm: 0,
        description:
          'A 200 km drive of about nine hours via Mussoorie and the Tons valley to the roadhead of Sankri.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Drive to Taluka, trek to Pauni Garaat',
        campName: 'Pauni Garaat',
        altitude: 2500,
        distanceKm: 11,
        description:
          'An hour on a rough road to Taluka, then a gentle walk up the Supin river past Gangaad, with the wooden houses of Osla high on the far bank.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Pauni Garaat to Kalkattiyadhar',
        campName: 'Kalkattiyadhar',
        altitude: 3000,
        distanceKm: 7,
        description:
          'Through the village of Osla and its temple, then terraced fields and a climb to a ridge camp facing the Black Peak.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Kalkattiyadhar to Har Ki Dun',
        campName: 'Har Ki Dun',
        altitude: 3566,
        distanceKm: 5,
        description:
          'Through birch and pine into the wide bowl of Har Ki Dun, where three streams meet under Swargarohini and Hata peak.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Explore the valley head, back to Kalkattiyadhar',
        campName: 'Kalkattiyadhar',
        altitude: 3566,
        distanceKm: 9,
        description:
          'A morning walk up towards the Jaundhar glacier moraine, then back down the valley to the ridge camp.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Kalkattiyadhar to Taluka and drive to Sankri',
        campName: 'Sankri guesthouse',
        altitude: 3000,
        distanceKm: 15,
        description:
          'The longest day, mostly downhill along the river, ending with the drive back to Sankri.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Sankri to Dehradun',
        altitude: 1950,
        distanceKm: 0,
        description: 'Departure after breakfast; Dehradun by evening.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Valley of Flowers and Hemkund Sahib',
    slug: 'valley-of-flowers',
    region: 'garhwal',
    style: 'camping',
    description:
      'A UNESCO World Heritage valley in the Nanda Devi biosphere that bursts into flower in the monsoon: blue poppies, cobra lilies, balsam, geraniums and hundreds of other species across a glacial valley floor. The trek pairs it with Hemkund Sahib, a Sikh shrine beside a high glacial lake. Nights are spent in lodges at Ghangaria because camping is not allowed inside the park.',
    maxAltitude: 4329,
    totalDistance: 38,
    difficulty: 'moderate',
    maxGroupSize: 20,
    themes: ['meadows', 'monsoon', 'culture', 'alpine_lakes'],
    bestMonths: [7, 8, 9],
    basePrice: 14450,
    extraInclusions: ['Valley of Flowers national park entry fee', 'Lodge rooms at Ghangaria'],
    extraPacking: ['A good poncho: it rains most afternoons in July and August'],
    fitnessPrep:
      'The climb to Hemkund gains 1,300 m in 6 km; hill walks with steady climbing are the best preparation.',
    faqs: [
      {
        question: 'When are most flowers in bloom?',
        answer:
          'From mid-July to mid-August. In September the colours thin out but the skies are clearer and the valley turns gold.',
      },
      {
        question: 'Is the trail crowded?',
        answer:
          'The path to Ghangaria and Hemkund is shared with thousands of pilgrims in the yatra season. The Valley of Flowers itself has a daily visitor limit and is far quieter.',
      },
    ],
    days: [
      {
        title: 'Drive from Rishikesh to Govindghat',
        campName: 'Govindghat guesthouse',
        altitude: 1830,
        distanceKm: 0,
        description: 'About ten hours up the Alaknanda valley via Joshimath to Govindghat.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Pulna to Ghangaria',
        campName: 'Ghangaria lodge',
        altitude: 3050,
        distanceKm: 9,
        description:
          'A short drive to Pulna, then a well-made stone path beside the Lakshman Ganga, with waterfalls and pilgrims all the way to Ghangaria.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Valley of Flowers',
        campName: 'Ghangaria lodge',
        altitude: 3650,
        distanceKm: 8,
        description:
          'Into the park across the Pushpawati river and deep into the valley, stopping often to look at the flowers. The park closes to visitors by late afternoon.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Hemkund Sahib and back to Ghangaria',
        campName: 'Ghangaria lodge',
        altitude: 4329,
        distanceKm: 12,
        description:
          'A steep stone path up to the gurdwara and the lake, with brahma kamal flowers on the upper slopes. Langar is served at the gurdwara.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Ghangaria to Pulna and drive to Joshimath',
        campName: 'Joshimath guesthouse',
        altitude: 3050,
        distanceKm: 9,
        description: 'Down the same path to Pulna and a short drive to Joshimath.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Joshimath to Rishikesh',
        altitude: 1890,
        distanceKm: 0,
        description:
          'An early start to reach Rishikesh by evening; landslides can delay this drive in the monsoon.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Rupin Pass',
    slug: 'rupin-pass',
    region: 'garhwal',
    style: 'camping',
    description:
      'A crossing from the Tons basin in Uttarakhand to the Sangla valley in Kinnaur that changes character every day: a village hanging off a cliff, snow bridges over the Rupin river, a three-tiered waterfall, a snow gully up to the pass and an apple-orchard descent on the far side. It is a real pass crossing and needs previous high-altitude experience.',
    maxAltitude: 4650,
    totalDistance: 52,
    difficulty: 'difficult',
    maxGroupSize: 15,
    themes: ['high_pass', 'glacier', 'snow', 'culture'],
    bestMonths: [5, 6, 9, 10],
    basePrice: 22950,
    extraPacking: ['Microspikes and gaiters (provided for the pass day)'],
    fitnessPrep:
      'The pass day starts at 4 am and climbs a steep snow gully for about three hours; train with long stair sessions under load.',
    faqs: [
      {
        question: 'Where does the trek end?',
        answer:
          'In Sangla in Kinnaur, Himachal. The drive back goes to Shimla, about nine hours away, so book onward travel from Shimla in the evening of day 8 or later.',
      },
      {
        question: 'What is the hardest part?',
        answer:
          'The final 300 m gully to the pass, on snow and loose rock. Our staff fix a rope where needed and the group climbs it slowly together.',
      },
    ],
    days: [
      {
        title: 'Drive from Dehradun to Dhaula',
        campName: 'Dhaula',
        altitude: 1550,
        distanceKm: 0,
        description:
          'About ten hours via Mussoorie, Purola and Mori to the roadhead of Dhaula on the Rupin river.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Dhaula to Sewa',
        campName: 'Sewa',
        altitude: 1900,
        distanceKm: 11,
        description:
          'Along the river through walnut and fig trees to Sewa, a village known for its tall wooden temple.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Sewa to Jhaka',
        campName: 'Jhaka',
        altitude: 2650,
        distanceKm: 11,
        description:
          'Across the state border into Himachal, past Jiskun, and up to Jhaka, the "hanging village" built on a cliff face above the river.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Jhaka to Dhanderas Thach',
        campName: 'Dhanderas Thach',
        altitude: 3550,
        distanceKm: 8,
        description:
          'Through a fir forest and over snow bridges into a wide meadow below the Rupin waterfall, one of the most beautiful campsites in the range.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Dhanderas Thach to Upper Waterfall camp',
        campName: 'Upper Waterfall camp',
        altitude: 4100,
        distanceKm: 3,
        description:
          'A short, steep climb beside the waterfall onto a snowy shelf. The afternoon is for acclimatisation and a briefing for the pass.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Cross Rupin Pass, descend to Ronti Gad',
        campName: 'Ronti Gad',
        altitude: 4650,
        distanceKm: 9,
        description:
          'A pre-dawn start over snowfields and up the gully to the pass, then a long descent on snow slopes to the Ronti Gad camp with Kinner Kailash in view.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Ronti Gad to Sangla',
        campName: 'Sangla guesthouse',
        altitude: 3980,
        distanceKm: 10,
        description:
          'A steep descent through meadows and forest to Sangla in the Baspa valley, past its apple orchards.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Sangla to Shimla',
        altitude: 2700,
        distanceKm: 0,
        description: 'About nine hours down the Baspa and along the Sutlej via Rampur to Shimla.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Gaumukh Tapovan',
    slug: 'gaumukh-tapovan',
    region: 'garhwal',
    style: 'camping',
    description:
      'A walk to the snout of the Gangotri glacier, where the Bhagirathi river emerges from an ice cave, and beyond it onto the moraine to Tapovan, a high meadow at the foot of Shivling. Entry to Gangotri National Park is limited each day, so permits are arranged well ahead. The glacier crossing is on unstable boulders and needs care.',
    maxAltitude: 4463,
    totalDistance: 46,
    difficulty: 'difficult',
    maxGroupSize: 12,
    themes: ['glacier', 'base_camp', 'culture'],
    bestMonths: [5, 6, 9, 10],
    basePrice: 18950,
    extraInclusions: ['Gangotri National Park permit and the forest department fee'],
    fitnessPrep: 'The moraine crossing rewards balance; practise walking on uneven rocky ground.',
    faqs: [
      {
        question: 'Can I touch the glacier?',
        answer:
          'No. The snout calves without warning and the park keeps visitors at a safe distance; we stop at the viewpoint above Gaumukh.',
      },
      {
        question: 'Why is the trek in Gangotri town on day 2?',
        answer:
          'Gangotri is at about 3,100 m. A day there with a short walk lets your body adjust before sleeping at 3,790 m in Bhojbasa.',
      },
    ],
    days: [
      {
        title: 'Drive from Dehradun to Uttarkashi',
        campName: 'Uttarkashi guesthouse',
        altitude: 1160,
        distanceKm: 0,
        description: 'About seven hours via Chamba and the Bhagirathi valley.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Drive to Gangotri, acclimatisation walk',
        campName: 'Gangotri guesthouse',
        altitude: 3100,
        distanceKm: 2,
        description:
          'Four hours up the valley past Harsil to the Gangotri temple, and an evening walk to the Surya Kund falls.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Gangotri to Bhojbasa',
        campName: 'Bhojbasa',
        altitude: 3790,
        distanceKm: 14,
        description:
          'Past the park check post at Kanakhu and the birch grove of Chirbasa to Bhojbasa, with Bhagirathi peaks ahead.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Bhojbasa to Gaumukh and Tapovan',
        campName: 'Tapovan',
        altitude: 4463,
        distanceKm: 8,
        description:
          'To the viewpoint above the Gaumukh snout, then across the boulder moraine and up a steep slope to the Tapovan meadow under Shivling.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Tapovan to Bhojbasa',
        campName: 'Bhojbasa',
        altitude: 4463,
        distanceKm: 8,
        description:
          'Sunrise on Shivling and a morning on the meadow, then back across the glacier to Bhojbasa.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Bhojbasa to Gangotri',
        campName: 'Gangotri guesthouse',
        altitude: 3790,
        distanceKm: 14,
        description:
          'The walk out along the Bhagirathi, past Chirbasa and the park gate, to Gangotri.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Gangotri to Dehradun',
        altitude: 3100,
        distanceKm: 0,
        description: 'A long drive of about ten hours down the Bhagirathi valley to Dehradun.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
  {
    name: 'Roopkund',
    slug: 'roopkund',
    region: 'garhwal',
    status: 'archived',
    style: 'camping',
    description:
      'The glacial lake below Trishul known for the ancient human skeletons found around it, reached across the Ali and Bedni meadows. We no longer run it since the high-court order that restricts overnight camping on the alpine meadows of Uttarakhand; the itinerary is kept for reference.',
    maxAltitude: 4785,
    totalDistance: 53,
    difficulty: 'difficult',
    maxGroupSize: 15,
    themes: ['alpine_lakes', 'meadows', 'snow', 'culture'],
    bestMonths: [5, 6, 9, 10],
    basePrice: 19950,
    fitnessPrep: 'The summit day climbs to 4,785 m from 4,350 m on snow and scree.',
    faqs: [
      {
        question: 'Why is this trek archived?',
        answer:
          'Camping on the bugyals of Uttarakhand was restricted by court order. We will reopen it only when overnight stays on the route are allowed again.',
      },
    ],
    days: [
      {
        title: 'Drive from Kathgodam to Lohajung',
        campName: 'Lohajung guesthouse',
        altitude: 2300,
        distanceKm: 0,
        description: 'A ten-hour drive through Kumaon to the Pindar valley.',
        mealPlan: MEALS.arrival,
      },
      {
        title: 'Lohajung to Didna',
        campName: 'Didna',
        altitude: 2450,
        distanceKm: 7,
        description: 'Down to the Neel Ganga and up through forest to the village of Didna.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Didna to Bedni Bugyal',
        campName: 'Bedni Bugyal',
        altitude: 3354,
        distanceKm: 11,
        description: 'Through the Ali Bugyal meadow and along its crest to Bedni, under Trishul.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Bedni Bugyal to Patar Nachauni',
        campName: 'Patar Nachauni',
        altitude: 3800,
        distanceKm: 5,
        description: 'A short climb past Ghora Lotani to an exposed camp on the ridge.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Patar Nachauni to Bhagwabasa',
        campName: 'Bhagwabasa',
        altitude: 4350,
        distanceKm: 4,
        description:
          'A zigzag climb to the Kalu Vinayak temple and on to the stone huts of Bhagwabasa.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Roopkund and down to Patar Nachauni',
        campName: 'Patar Nachauni',
        altitude: 4785,
        distanceKm: 10,
        description: 'An early climb on snow to the lake, then down the same way.',
        mealPlan: MEALS.trail,
      },
      {
        title: 'Patar Nachauni to Wan',
        campName: 'Wan guesthouse',
        altitude: 3800,
        distanceKm: 16,
        description: 'A long descent through the Neel Ganga forest to the village of Wan.',
        mealPlan: MEALS.city,
      },
      {
        title: 'Drive from Wan to Kathgodam',
        altitude: 2400,
        distanceKm: 0,
        description: 'About ten hours back through Gwaldam and Almora to Kathgodam.',
        mealPlan: MEALS.lastDay,
      },
    ],
  },
]
