export { Optimizer, withDefaults } from './Optimizer.js'
export { SGD } from './SGD.js'
export type { SGDOptions } from './SGD.js'
export { Adam } from './Adam.js'
export type { AdamOptions } from './Adam.js'
export { AdamW } from './AdamW.js'
export type { AdamWOptions } from './AdamW.js'
export { RMSprop } from './RMSprop.js'
export type { RMSpropOptions } from './RMSprop.js'
export { Adagrad } from './Adagrad.js'
export type { AdagradOptions } from './Adagrad.js'
export * as lrScheduler from './lrScheduler/index.js'
export {
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LRScheduler,
  MultiStepLR,
  ReduceLROnPlateau,
  StepLR,
} from './lrScheduler/index.js'
export type { ReduceLROnPlateauOptions } from './lrScheduler/index.js'
export { arithmetic, cloneArray, fma32, fma64, fullLikeArray, readValues, writeValues } from './elementwise.js'
export type { Arithmetic } from './elementwise.js'
export { pyStr } from './pymath.js'
export type {
  Closure,
  GradTensor,
  OptimizerStateDict,
  ParamGroup,
  ParamGroupInput,
  ParamState,
  ParamTensor,
  Params,
  StateValue,
} from './types.js'
