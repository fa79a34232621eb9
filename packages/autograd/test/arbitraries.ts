// fast-check arbitraries for autograd's tests: float64 leaves of random shapes, broadcast partners, domains.
import * as K from '@descent/tensor'
import { fc } from '@fast-check/vitest'
import { fromArray, type Tensor } from '../src/index.js'

export type Shape = number[]

/** Shapes of rank 0..maxRank with dims 1..maxDim. */
export function arbShape(maxRank = 3, maxDim = 3): fc.Arbitrary<Shape> {
  return fc.array(fc.integer({ min: 1, max: maxDim }), { maxLength: maxRank })
}

/** A shape that broadcasts against `shape`: some leading dims dropped, some dims set to 1. */
export function arbBroadcastPartner(shape: Shape): fc.Arbitrary<Shape> {
  return fc
    .tuple(fc.integer({ min: 0, max: shape.length }), fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }))
    .map(([drop, ones]) => shape.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)))
}

export interface Domain {
  min?: number
  max?: number
  /** Keep values at least this far from 0 (kinks of abs, relu, sign; poles of 1/x). */
  awayFromZero?: number
  /** Kinks to keep values 0.01 away from (clamp bounds). */
  avoid?: number[]
}

/** `n` float64 values in the domain. */
export function arbValues(n: number, domain: Domain = {}): fc.Arbitrary<number[]> {
  const { min = -2, max = 2, awayFromZero = 0, avoid = [] } = domain
  const fix = (v: number): number => {
    if (awayFromZero > 0 && Math.abs(v) < awayFromZero) v = v < 0 ? -awayFromZero : awayFromZero
    for (const k of avoid) if (Math.abs(v - k) < 0.01) v = k + 0.01
    return v
  }
  return fc
    .array(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), { minLength: n, maxLength: n })
    .map((vs) => vs.map(fix))
}

/** A float64 leaf that requires grad, with the given shape and values. */
export function leaf(shape: Shape, values: number[], requiresGrad = true): Tensor {
  const a = K.reshape(K.array(Float64Array.from(values), { dtype: 'float64' }), shape)
  return fromArray(a, { requiresGrad })
}

/** A float64 leaf of the given shape with values in the domain. */
export function arbLeaf(shape: Shape, domain: Domain = {}): fc.Arbitrary<Tensor> {
  return arbValues(K.shapeSize(shape), domain).map((v) => leaf(shape, v))
}

/** A float64 leaf of random shape. */
export function arbTensor(domain: Domain = {}, maxRank = 3): fc.Arbitrary<Tensor> {
  return arbShape(maxRank).chain((s) => arbLeaf(s, domain))
}

/** Two float64 leaves whose shapes broadcast together (either may be the bigger). */
export function arbBroadcastPair(a: Domain = {}, b: Domain = a): fc.Arbitrary<[Tensor, Tensor]> {
  return arbShape()
    .chain((s) => fc.tuple(fc.constant(s), arbBroadcastPartner(s), fc.boolean()))
    .chain(([s, p, swap]) => fc.tuple(arbLeaf(swap ? p : s, a), arbLeaf(swap ? s : p, b)))
}

/** A float64 leaf of random shape whose values are distinct multiples of 0.25 (no ties for max/min). */
export function arbDistinctTensor(maxRank = 3): fc.Arbitrary<Tensor> {
  return arbShape(maxRank).chain((s) => {
    const n = K.shapeSize(s)
    return fc
      .uniqueArray(fc.integer({ min: -40, max: 40 }), { minLength: n, maxLength: n })
      .map((vs) => leaf(s, vs.map((v) => v * 0.25)))
  })
}
