import type { Difficulty, SeedTrek } from './types'

/** Meal plans used across itineraries. */
export const MEALS = {
  arrival: 'Evening tea and dinner',
  trail: 'Breakfast, packed lunch, evening snacks and dinner',
  teahouse: 'Breakfast, lunch and dinner at the teahouse',
  lastDay: 'Breakfast',
  city: 'Breakfast and dinner',
  weekendStart: 'Lunch, evening snacks and dinner',
  weekendEnd: 'Breakfast and packed lunch',
} as const

const inclusionsByStyle: Record<SeedTrek['style'], string[]> = {
  camping: [
    'Tents on twin sharing on the trail; a guesthouse or homestay on nights in the base village',
    'Freshly cooked vegetarian meals from dinner on day 1 to breakfast on the last day',
    'A certified trek leader, a local guide, a cook and the support crew',
    'Forest, camping and entry permits for Indian nationals',
    'Sleeping bags rated to about -10°C, mattresses, dining, kitchen and toilet tents',
    'Mules or porters for the shared kitchen and camping gear',
    'First-aid kit, pulse oximeter and a portable oxygen cylinder with the team',
  ],
  teahouse: [
    'Lodge or teahouse rooms on twin sharing for every night on the trail',
    'Three meals a day on the trail, with tea at each meal',
    'A licensed guide and an assistant guide for groups over eight',
    'All entry and conservation permits for the route',
    'First-aid kit and pulse oximeter carried by the guide',
  ],
}

const nepalInclusions = [
  'TIMS card and national park or conservation area permits',
  'One porter for every two trekkers, each carrying up to 20 kg',
  'Kathmandu or Pokhara ground transfers named in the itinerary',
]

const exclusionsByStyle: Record<SeedTrek['style'], string[]> = {
  camping: [
    'Travel to the base village and back, unless the itinerary says otherwise',
    'Offloading your personal backpack (can be booked before the trek at extra cost)',
    'Travel and evacuation insurance',
    'Anything not listed under inclusions',
  ],
  teahouse: [
    'Hot showers, device charging and Wi-Fi where lodges charge for them',
    'Bottled drinks, snacks and personal expenses',
    'Travel and evacuation insurance covering trekking above 4,000 m where relevant',
    'Anything not listed under inclusions',
  ],
}

const nepalExclusions = [
  'Flights or buses to and from Kathmandu',
  'Hotel nights in Kathmandu and Pokhara before and after the trek',
  'Tips for guides and porters (customary in Nepal)',
]

const basePacking = [
  'Trekking shoes with ankle support and a grippy sole, broken in before the trek',
  'Backpack of 40 to 60 litres with a rain cover',
  'Daypack of about 20 litres if you offload your main bag',
  'Two quick-dry trek pants and three collared T-shirts',
  'A fleece layer and a padded or down jacket',
  'Rain jacket and rain pants',
  'Sun cap, woollen cap, buff and a pair of warm gloves',
  'UV-protection sunglasses',
  'Sunscreen of SPF 50 and lip balm',
  'Two one-litre water bottles or a hydration bladder',
  'Headlamp with spare batteries',
  'Trekking pole',
  'Personal medicines and a small toilet kit',
  'Government photo ID, original and one copy',
]

const coldPacking = [
  'Thermal inner layers, top and bottom',
  'Waterproof outer gloves over fleece gloves',
  'Three pairs of woollen socks',
  'Gaiters for snow sections',
]

const highPacking = [
  'A second insulating layer (a warm fleece or light down)',
  'Glacier glasses with side protection',
  'Medical fitness certificate signed by a doctor',
]

/** Lists shown on every trek of the same style and difficulty, before its own additions. */
export function sharedLists(trek: SeedTrek, country: 'India' | 'Nepal') {
  const cold =
    trek.maxAltitude >= 3500 || trek.themes.includes('snow') || trek.themes.includes('winter')
  const high =
    trek.maxAltitude >= 4500 ||
    trek.difficulty === 'difficult' ||
    trek.difficulty === 'very_difficult'
  return {
    inclusions: [
      ...inclusionsByStyle[trek.style],
      ...(country === 'Nepal' ? nepalInclusions : []),
      ...(trek.extraInclusions ?? []),
    ],
    exclusions: [
      ...exclusionsByStyle[trek.style],
      ...(country === 'Nepal' ? nepalExclusions : []),
      ...(trek.extraExclusions ?? []),
    ],
    packingList: [
      ...basePacking,
      ...(cold ? coldPacking : []),
      ...(high ? highPacking : []),
      ...(trek.extraPacking ?? []),
    ],
  }
}

const fitnessByDifficulty: Record<Difficulty, string> = {
  easy: 'Walk or jog 3 to 4 km a day, four days a week, for a month before the trek, and climb a few flights of stairs with a light backpack. Aim to jog 4 km in about 30 minutes.',
  moderate:
    'Start six weeks ahead. Build up to jogging 5 km in under 35 minutes, add squats and lunges twice a week, and do at least two long weekend walks of 8 to 10 km with a 7 kg pack, ideally on hills or stairs.',
  difficult:
    'Start eight weeks ahead. Build up to running 10 km in under 70 minutes, climb stairs with a 10 kg pack for 45 minutes at a stretch, and add two strength sessions a week for legs and core. Previous trekking above 4,000 m is strongly recommended.',
  very_difficult:
    'Start at least ten weeks ahead with running, stair climbs under load and strength training five days a week; you should manage 10 km in under 60 minutes and carry 12 kg uphill for two hours. Only for trekkers who have completed at least two high-altitude treks, one of them crossing a pass above 4,500 m.',
}

export function fitnessPrepFor(trek: SeedTrek): string {
  return `${fitnessByDifficulty[trek.difficulty]}\n\n${trek.fitnessPrep}`
}

const sharedFaqs: Record<SeedTrek['style'], { question: string; answer: string }[]> = {
  camping: [
    {
      question: 'Can I offload my backpack?',
      answer:
        'Yes. Tell us at least a week before the departure and a mule or porter will carry up to 10 kg of your gear; you walk with a daypack holding water, snacks and a warm layer.',
    },
    {
      question: 'What are the toilets like on the trail?',
      answer:
        'Each campsite has toilet tents with a dug pit and a trowel. Pack out sanitary waste in the zip-lock bags we hand out; we carry it back down.',
    },
  ],
  teahouse: [
    {
      question: 'Do I need a sleeping bag in the teahouses?',
      answer:
        'Rooms have beds and blankets, but nights above 3,500 m are cold. A light sleeping bag or a liner makes a real difference; we can arrange one on rent.',
    },
    {
      question: 'Is there electricity and phone signal on the way?',
      answer:
        'Most lodges have solar or hydro power and charge a small fee per device. Phone signal is patchy above the main villages; carry a power bank.',
    },
  ],
}

export function faqsFor(trek: SeedTrek) {
  return [...trek.faqs, ...sharedFaqs[trek.style]]
}
