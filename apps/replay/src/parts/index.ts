import type { Part } from '../part.js'
import { customModule, nnModule } from './linearFit.js'
import { landscapePart } from './landscape.js'
import { linearModulePart } from './linearModule.js'
import { manual } from './manual.js'
import { autograd, lossOptim } from './scalarFit.js'
import { speedPart } from './speed.js'
import { velocityPart } from './velocity.js'
import { xSquaredPart } from './xSquared.js'

/** Every replayable part, in the order `all` runs them (the table). */
export const PARTS: Part[] = [
  manual,
  autograd,
  lossOptim,
  nnModule,
  customModule,
  landscapePart,
  velocityPart,
  linearModulePart,
  xSquaredPart,
  speedPart,
]
