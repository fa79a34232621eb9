export { optimizerConformance } from './conformance.js'
export type { ConformanceOptions, OptimizerFactory } from './conformance.js'
