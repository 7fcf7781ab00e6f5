import type { SeedGuide } from './types'

/**
 * Each guide signs in with a staff account of role `guide`; the first is the demo
 * account of the contract. Every region has at least one guide.
 */
export const guides: SeedGuide[] = [
  {
    name: 'Pradeep Rawat',
    email: 'guide@obs.test',
    bio: 'Grew up in a village near Sankri and has led treks in Garhwal and Kumaon since 2012. Known for his patient pace on summit days and his kitchen-tent stories.',
    yearsExp: 13,
    regions: ['garhwal', 'kumaon'],
    certifications: [
      'Basic Mountaineering Course, NIM Uttarkashi',
      'Advanced Mountaineering Course, NIM Uttarkashi',
      'Wilderness First Responder',
    ],
    satellitePhone: '+881631000101',
  },
  {
    name: 'Anjali Negi',
    email: 'guide2@obs.test',
    bio: 'A former national-level cross-country runner from Chamoli who switched to trek leading. Leads our winter Garhwal departures and the Kullu pass crossings.',
    yearsExp: 7,
    regions: ['garhwal', 'kullu-manali'],
    certifications: ['Basic Mountaineering Course, NIM Uttarkashi', 'Wilderness First Aid'],
    satellitePhone: '+881631000102',
  },
  {
    name: 'Kunal Thakur',
    email: 'guide3@obs.test',
    bio: 'From a farming family in the Kullu valley. Knows every shepherd camp between Manali, the Dhauladhar and Lahaul, and has crossed most of their passes in every season.',
    yearsExp: 11,
    regions: ['kullu-manali', 'dhauladhar', 'lahaul'],
    certifications: [
      'Basic Mountaineering Course, ABVIMAS Manali',
      'Search and Rescue Course, ABVIMAS Manali',
      'Wilderness First Responder',
    ],
    satellitePhone: '+881631000103',
  },
  {
    name: 'Tsering Dorjay',
    email: 'guide4@obs.test',
    bio: 'Born in Leh, leads treks across Ladakh and Spiti and has walked the Chadar every winter for a decade.',
    yearsExp: 12,
    regions: ['ladakh', 'spiti', 'lahaul'],
    certifications: [
      'Advanced Mountaineering Course, JIM&WS Pahalgam',
      'Wilderness First Responder',
    ],
    satellitePhone: '+881631000104',
  },
  {
    name: 'Farooq Ahmad',
    email: 'guide5@obs.test',
    bio: 'From a family of shepherds in the Sindh valley near Sonamarg. Leads all our Kashmir departures and speaks Kashmiri, Gojri, Hindi and English.',
    yearsExp: 9,
    regions: ['kashmir'],
    certifications: ['Basic Mountaineering Course, JIM&WS Pahalgam', 'Wilderness First Aid'],
    satellitePhone: '+881631000105',
  },
  {
    name: 'Pemba Bhutia',
    email: 'guide6@obs.test',
    bio: 'Grew up in Yuksom and started as a porter on the Dzongri trail at sixteen. Now leads our Sikkim and Singalila treks, and is a keen birder.',
    yearsExp: 14,
    regions: ['sikkim', 'darjeeling'],
    certifications: [
      'Basic Mountaineering Course, HMI Darjeeling',
      'Advanced Mountaineering Course, HMI Darjeeling',
      'Wilderness First Responder',
    ],
    satellitePhone: '+881631000106',
  },
  {
    name: 'Mingma Sherpa',
    email: 'guide7@obs.test',
    bio: 'From Khumjung in the Khumbu. Has summited Ama Dablam and leads our Everest and Langtang treks.',
    yearsExp: 16,
    regions: ['everest-khumbu', 'langtang'],
    certifications: [
      'Nepal government trekking guide licence',
      'Mountain guide training, Khumbu Climbing Center',
      'Wilderness First Responder',
    ],
    satellitePhone: '+881631000107',
  },
  {
    name: 'Bishnu Gurung',
    email: 'guide8@obs.test',
    bio: 'From Ghandruk. Leads the Annapurna and Langtang treks and knows every lodge owner along the Modi Khola.',
    yearsExp: 10,
    regions: ['annapurna', 'langtang'],
    certifications: ['Nepal government trekking guide licence', 'Wilderness First Aid'],
    satellitePhone: '+881631000108',
  },
]
