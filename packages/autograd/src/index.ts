export { Tensor } from './Tensor.js'
export type { BackwardOptions } from './Tensor.js'
export { AccumulateGrad, Node, apply, defineOp } from './graph.js'
export type { OpDef, Operand } from './graph.js'
export {
  tensor,
  fromArray,
  zeros,
  ones,
  full,
  empty,
  zerosLike,
  onesLike,
  fullLike,
  arange,
  linspace,
  eye,
  rand,
  randn,
  randint,
  randperm,
} from './creation.js'
export type { CreateOptions, RandomOptions } from './creation.js'
export { where } from './ops/arithmetic.js'
export { addmm } from './ops/linalg.js'
export type { VarOptions, Dims } from './ops/reduce.js'
export {
  noGrad,
  enableGrad,
  setGradEnabled,
  isGradEnabled,
  inferenceMode,
  isInferenceModeEnabled,
} from './mode.js'
export { grad, backward } from './engine.js'
export type { GradOptions } from './engine.js'
export { gradcheck, gradgradcheck, GradcheckError } from './gradcheck.js'
export type { GradcheckOptions } from './gradcheck.js'
