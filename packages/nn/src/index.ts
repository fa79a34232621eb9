export { Module, IncompatibleKeys, formatStateDict } from './module/Module.js'
export type { StateDictInput } from './module/Module.js'
export { Parameter } from './module/Parameter.js'
export { Linear } from './module/Linear.js'
export { Sequential } from './module/Sequential.js'
export { ReLU, Sigmoid, Tanh, Identity, Flatten } from './module/activations.js'
export { Loss } from './loss/Loss.js'
export type { Reduction } from './loss/reduction.js'
export { MSELoss } from './loss/mseLoss.js'
export { L1Loss } from './loss/l1Loss.js'
export { HuberLoss } from './loss/huberLoss.js'
export { SmoothL1Loss } from './loss/smoothL1Loss.js'
export { BCELoss } from './loss/binaryCrossEntropy.js'
export { BCEWithLogitsLoss } from './loss/binaryCrossEntropyWithLogits.js'
export { NLLLoss } from './loss/nllLoss.js'
export type { NLLOptions } from './loss/nllLoss.js'
export { CrossEntropyLoss } from './loss/crossEntropy.js'
export type { CrossEntropyOptions } from './loss/crossEntropy.js'
export * as functional from './functional.js'
export * as F from './functional.js'
export * as init from './init.js'
export {
  load,
  save,
  loadSafetensors,
  saveSafetensors,
  safetensorsMetadata,
  saveStateDict,
  loadStateDict,
  UnpicklingError,
  SafetensorError,
  KeyError,
} from './io/index.js'
export type { StateDictLike, TensorLike } from './io/index.js'
