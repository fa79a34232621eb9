export { NDArray, allocate, contiguousStrides, shapeSize } from './NDArray.js'
export type { DType, TypedArray } from './NDArray.js'
export { RuntimeError, IndexError, ValueError, PyTorchTypeError } from './errors.js'
export { warn, setWarningHandler, catchWarnings } from './warnings.js'
export type { Warning } from './warnings.js'
export { backend, setBackend } from './backend/index.js'
export type { Backend, BinaryOp, CompareOp, ReduceOp, UnaryOp } from './backend/index.js'
export { resultType, promoteTypes, isFloating, cast } from './dtype.js'
export {
  array,
  scalar,
  zeros,
  ones,
  full,
  empty,
  zerosLike,
  onesLike,
  fullLike,
  emptyLike,
  arange,
  linspace,
  eye,
} from './creation.js'
export type { ArrayLike, NestedArray, DTypeOptions } from './creation.js'
export { broadcastShapes, normalizeDim, normalizeDims, sameShape } from './shape.js'
export { neg, abs, exp, log, sqrt, square, sin, cos, tanh, sigmoid, relu, sign, reciprocal, clamp } from './ops/unary.js'
export { add, sub, mul, mulSign, div, pow, maximum, minimum, eq, ne, lt, le, gt, ge, where } from './ops/binary.js'
export type { Operand } from './ops/binary.js'
export { sum, mean, max, min, argmax, argmin, variance, std, logsumexp, reducedShape } from './ops/reduce.js'
export type { Dims, VarianceOptions } from './ops/reduce.js'
export { addmm, matmul, dot } from './ops/linalg.js'
export { sumToShape } from './ops/sumToShape.js'
export { copyInto, fillInto } from './ops/write.js'
export { item, tolist, toTypedArray } from './ops/read.js'
export type { NestedList } from './ops/read.js'
export { broadcastTo } from './ops/util.js'
export {
  reshape,
  view,
  transpose,
  permute,
  t,
  expand,
  squeeze,
  unsqueeze,
  select,
  narrow,
  slice,
  flatten,
  contiguous,
  clone,
} from './views.js'
export { format, setPrintOptions, getPrintOptions, pyFixed, pyExponential } from './format.js'
export type { FormatOptions, PrintOptions } from './format.js'
export * from './random/index.js'
export { fma32, fma64, twoSumError, twoProductError } from './floatMath.js'
