import type { SeedRegion } from './types'

export const regions: SeedRegion[] = [
  {
    name: 'Uttarakhand – Garhwal',
    slug: 'garhwal',
    country: 'India',
    description:
      'The western half of Uttarakhand, where the Yamuna and the Ganga rise. Oak and rhododendron forests give way to high meadows called bugyals, and the trails start from villages in the Tons, Bhagirathi and Alaknanda valleys. Home to the classic winter snow treks and to the Char Dham pilgrim routes.',
  },
  {
    name: 'Uttarakhand – Kumaon',
    slug: 'kumaon',
    country: 'India',
    description:
      'The eastern half of Uttarakhand, bordering Nepal. Quieter than Garhwal, with long glacier approaches from Bageshwar and Munsiyari, stone-roofed villages and close views of the Panchachuli and Nanda Devi massifs.',
  },
  {
    name: 'Himachal – Kullu and Manali',
    slug: 'kullu-manali',
    country: 'India',
    description:
      'The Beas and Parvati valleys around Manali and Kasol. Apple orchards and deodar forests lead up to glacial lakes and passes that cross into dry Lahaul. Short approaches make it the easiest Himalayan region to reach from Delhi and Chandigarh.',
  },
  {
    name: 'Himachal – Dhauladhar',
    slug: 'dhauladhar',
    country: 'India',
    description:
      'The granite wall that rises straight out of the Kangra valley behind Dharamshala and McLeodganj. Steep, short trails, big views over the plains, and passes that lead across to the Chamba side.',
  },
  {
    name: 'Himachal – Spiti',
    slug: 'spiti',
    country: 'India',
    description:
      'A cold desert valley behind the main Himalayan range, with whitewashed monasteries, villages above 4,000 m and very little rain. The trekking season is short and the passes are high; summer is the time to go.',
  },
  {
    name: 'Himachal – Lahaul',
    slug: 'lahaul',
    country: 'India',
    description:
      'The Chandra and Bhaga valleys north of the Rohtang and the Atal Tunnel. Glaciers, braided rivers and wide, empty plateaus around Chandratal and the Baralacha La, on the old trade route to Ladakh.',
  },
  {
    name: 'Kashmir',
    slug: 'kashmir',
    country: 'India',
    description:
      'The Sindh and Lidder valleys above Srinagar, Sonamarg and Pahalgam. Broad green meadows, Gujjar and Bakarwal shepherd camps, and a chain of turquoise alpine lakes that only opens for a few weeks each summer.',
  },
  {
    name: 'Ladakh',
    slug: 'ladakh',
    country: 'India',
    description:
      'High, dry and vast: the Indus valley around Leh and the Zanskar range to its south. Trails link monasteries and homestays across passes above 5,000 m in summer, and in the depth of winter follow the frozen Zanskar river.',
  },
  {
    name: 'Sikkim',
    slug: 'sikkim',
    country: 'India',
    description:
      'The small state beside Kangchenjunga, the third-highest mountain on earth. Trails from Yuksom climb through dense, wet forest full of rhododendron and orchids into the alpine zone below the Kangchenjunga range.',
  },
  {
    name: 'Darjeeling – Singalila',
    slug: 'darjeeling',
    country: 'India',
    description:
      'The Singalila ridge on the border of West Bengal and Nepal, above the tea gardens of Darjeeling. From its crest four of the five highest mountains in the world are in view on a clear morning: Everest, Lhotse, Makalu and Kangchenjunga.',
  },
  {
    name: 'Nepal – Everest (Khumbu)',
    slug: 'everest-khumbu',
    country: 'Nepal',
    description:
      'The Sherpa homeland in Sagarmatha National Park, reached by the short flight to Lukla. Teahouse trails climb past monasteries and prayer walls to the Khumbu glacier and the foot of Everest, Lhotse and Ama Dablam.',
  },
  {
    name: 'Nepal – Annapurna',
    slug: 'annapurna',
    country: 'Nepal',
    description:
      'The Annapurna Conservation Area north of Pokhara. Gurung and Magar villages on terraced hillsides, rhododendron forests, and trails into the sanctuary ringed by Annapurna I, Machhapuchhre and Hiunchuli.',
  },
  {
    name: 'Nepal – Langtang',
    slug: 'langtang',
    country: 'Nepal',
    description:
      'The closest Himalayan valley to Kathmandu, in Langtang National Park. Tamang villages rebuilt since the 2015 earthquake, yak pastures at Kyanjin Gompa and the holy lakes of Gosainkunda.',
  },
]
