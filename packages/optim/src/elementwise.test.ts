import { fc, test } from '@fast-check/vitest'
import { NDArray } from '@descent/tensor'
import { describe, expect } from 'vitest'
import { cloneArray, fma32, fma64, fullLikeArray, readValues, writeValues } from './elementwise.js'

// Exact reference: float32 values are integers times 2^-149, so a*b + c is an integer times 2^-298; round that
// BigInt to float32 (ties to even) by hand.
const SCALE = 149n
function toScaled(x: number): bigint {
  // x * 2^149 is an integer for every finite float32
  let m = x
  let e = 0n
  while (!Number.isInteger(m)) {
    m *= 2
    e++
  }
  return BigInt(m) << (SCALE - e)
}
function roundToFloat32(v: bigint, scale: bigint): number {
  if (v === 0n) return 0
  const negative = v < 0n
  const a = negative ? -v : v
  const bits = BigInt(a.toString(2).length)
  // the ulp's exponent, relative to the scale: 24 significant bits, or the subnormal floor 2^-149
  const ulp = bits - 24n > scale - 149n ? bits - 24n : scale - 149n
  let q = a >> ulp
  const rem = a - (q << ulp)
  const half = ulp > 0n ? 1n << (ulp - 1n) : 0n
  if (ulp > 0n && (rem > half || (rem === half && q % 2n === 1n))) q += 1n
  const out = Number(q) * 2 ** Number(ulp - scale)
  return Math.fround(negative ? -out : out)
}
const exactFma32 = (a: number, b: number, c: number) =>
  roundToFloat32(toScaled(a) * toScaled(b) + (toScaled(c) << SCALE), 2n * SCALE)

const f32 = fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e15), max: Math.fround(1e15) })

describe('fma32', () => {
  test.prop([f32, f32, f32], { numRuns: 2000 })('is a*b + c rounded once to float32', (a, b, c) => {
    const want = exactFma32(a, b, c)
    expect(Object.is(fma32(a, b, c), want) || (want === 0 && fma32(a, b, c) === 0)).toBe(true)
  })

  test('breaks a double-rounding tie the way a single rounding does', () => {
    // a*b = 2^-24 - 2^-64: the double sum lands exactly on the float32 midpoint 1 + 2^-23 + 2^-24,
    // whose tie-to-even would round up; the true value is below it.
    const a = 2 ** -12 * (1 + 2 ** -20)
    const b = 2 ** -12 * (1 - 2 ** -20)
    const c = 1 + 2 ** -23
    expect(Math.fround(a * b + c)).toBe(1 + 2 ** -22)
    expect(fma32(a, b, c)).toBe(1 + 2 ** -23)
    expect(exactFma32(a, b, c)).toBe(1 + 2 ** -23)
  })

  test('propagates NaN and infinities', () => {
    expect(fma32(Number.NaN, 1, 1)).toBeNaN()
    expect(fma32(1, 1, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY)
    expect(fma32(3e38, 10, 0)).toBe(Number.POSITIVE_INFINITY)
  })
})

test('fma64 rounds a*b + c once', () => {
  // 0.1 * 3 - 0.3 exactly is 2^-55 * ...; the unfused form rounds the product first
  expect(fma64(0.1, 3, -0.3)).toBe(2.7755575615628914e-17)
  expect(0.1 * 3 - 0.3).toBe(5.551115123125783e-17)
})

describe('readValues / writeValues', () => {
  test('walk a transposed view in row-major order', () => {
    const a = new NDArray(Float32Array.from([1, 2, 3, 4, 5, 6]), [3, 2], 'float32', [1, 3], 0)
    expect(Array.from(readValues(a))).toEqual([1, 4, 2, 5, 3, 6])
    writeValues(a, [10, 40, 20, 50, 30, 60])
    expect(Array.from(a.data)).toEqual([10, 20, 30, 40, 50, 60])
  })

  test('writeValues rounds to the storage dtype and checks the length', () => {
    const a = new NDArray(new Float32Array(1), [1], 'float32')
    writeValues(a, [0.1])
    expect(a.data[0]).toBe(Math.fround(0.1))
    expect(() => writeValues(a, [1, 2])).toThrow(RangeError)
  })

  test('fullLikeArray and cloneArray make contiguous copies', () => {
    const a = new NDArray(Float32Array.from([1, 2, 3, 4]), [2], 'float32', [2], 1)
    expect(Array.from(fullLikeArray(a, 0.5).data)).toEqual([0.5, 0.5])
    const c = cloneArray(a, 'float64')
    expect(c.dtype).toBe('float64')
    expect(Array.from(c.data)).toEqual([2, 4])
    expect(c.isContiguous()).toBe(true)
  })
})
