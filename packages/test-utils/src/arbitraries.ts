import { fc } from '@fast-check/vitest'
import { NDArray, allocate, shapeSize } from '@descent/tensor'
import type { DType } from '@descent/tensor'

export interface ShapeOptions {
  minRank?: number
  maxRank?: number
  /** Smallest dim size (default 1; pass 0 to include empty arrays). */
  minDim?: number
  maxDim?: number
}

/** Random shapes, rank 0 to 3 and dims 1 to 4 by default. */
export function arbShape(options: ShapeOptions = {}): fc.Arbitrary<number[]> {
  const { minRank = 0, maxRank = 3, minDim = 1, maxDim = 4 } = options
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: minRank, maxLength: maxRank })
}

/**
 * Pairs of shapes that broadcast together: a common shape with some dims set to 1 in one or the other and
 * leading dims dropped from either.
 */
export function arbBroadcastShapes(options: ShapeOptions = {}): fc.Arbitrary<[number[], number[]]> {
  return arbShape(options).chain((shape) =>
    fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: shape.length, maxLength: shape.length }),
        fc.integer({ min: 0, max: shape.length }),
        fc.integer({ min: 0, max: shape.length }),
      )
      .map(([modes, dropA, dropB]) => {
        // mode 0: both keep the size, 1: a has 1, 2: b has 1.
        const a = shape.map((s, i) => (modes[i] === 1 ? 1 : s)).slice(dropA)
        const b = shape.map((s, i) => (modes[i] === 2 ? 1 : s)).slice(dropB)
        return [a, b] as [number[], number[]]
      }),
  )
}

export interface ValueOptions {
  dtype?: DType
  /** Bounds for float and int64 values (default -10 to 10). */
  min?: number
  max?: number
  /** Allow NaN and infinities (default false). */
  special?: boolean
}

/** Random values for one element of a dtype. */
export function arbValue(options: ValueOptions = {}): fc.Arbitrary<number> {
  const { dtype = 'float32', min = -10, max = 10, special = false } = options
  if (dtype === 'bool') return fc.integer({ min: 0, max: 1 })
  if (dtype === 'int64') return fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
  if (dtype === 'float32') {
    return fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: !special, noDefaultInfinity: !special })
  }
  return fc.double({ min, max, noNaN: !special, noDefaultInfinity: !special })
}

/** A contiguous NDArray of the given shape with random values. */
export function arbArrayOfShape(shape: readonly number[], options: ValueOptions = {}): fc.Arbitrary<NDArray> {
  const dtype = options.dtype ?? 'float32'
  const n = shapeSize(shape)
  return fc.array(arbValue(options), { minLength: n, maxLength: n }).map((values) => {
    const data = allocate(dtype, n)
    for (let i = 0; i < n; i++) data[i] = values[i]!
    return new NDArray(data, shape.slice(), dtype)
  })
}

/** A random-shaped NDArray with random values. */
export function arbArray(options: ValueOptions & ShapeOptions = {}): fc.Arbitrary<NDArray> {
  return arbShape(options).chain((shape) => arbArrayOfShape(shape, options))
}

/** Two arrays whose shapes broadcast together. */
export function arbBroadcastPair(options: ValueOptions & ShapeOptions = {}): fc.Arbitrary<[NDArray, NDArray]> {
  return arbBroadcastShapes(options).chain(([a, b]) => fc.tuple(arbArrayOfShape(a, options), arbArrayOfShape(b, options)))
}
