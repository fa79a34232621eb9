export {
  arbShape,
  arbBroadcastShapes,
  arbValue,
  arbArrayOfShape,
  arbArray,
  arbBroadcastPair,
} from './arbitraries.js'
export type { ShapeOptions, ValueOptions } from './arbitraries.js'
export { expectClose, ulpDistance } from './expectClose.js'
export type { CloseOptions } from './expectClose.js'
export { loadFixture, reviveNumbers } from './fixtures.js'
export type { Fixture } from './fixtures.js'
