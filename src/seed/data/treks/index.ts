import type { SeedTrek } from '../types'

import { annapurnaTreks } from './annapurna'
import { darjeelingTreks } from './darjeeling'
import { dhauladharTreks } from './dhauladhar'
import { everestTreks } from './everest'
import { garhwalSummerTreks } from './garhwalSummer'
import { garhwalWinterTreks } from './garhwalWinter'
import { kashmirTreks } from './kashmir'
import { kulluManaliTreks } from './kulluManali'
import { kumaonTreks } from './kumaon'
import { ladakhTreks } from './ladakh'
import { lahaulTreks } from './lahaul'
import { langtangTreks } from './langtang'
import { sikkimTreks } from './sikkim'
import { spitiTreks } from './spiti'

export const treks: SeedTrek[] = [
  ...garhwalWinterTreks,
  ...garhwalSummerTreks,
  ...kumaonTreks,
  ...kulluManaliTreks,
  ...dhauladharTreks,
  ...spitiTreks,
  ...lahaulTreks,
  ...kashmirTreks,
  ...ladakhTreks,
  ...sikkimTreks,
  ...darjeelingTreks,
  ...everestTreks,
  ...annapurnaTreks,
  ...langtangTreks,
]
