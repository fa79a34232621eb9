import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { f32, fma64, fma32 } from './floatMath.js'

/** x = mantissa * 2^exponent exactly, for a finite double. */
function exact(x: number): [bigint, number] {
  if (x === 0) return [0n, 0]
  let e = 0
  while (!Number.isInteger(x)) {
    x *= 2
    e--
  }
  while (Math.abs(x) > 2 ** 53) {
    x /= 2
    e++
  }
  return [BigInt(x), e]
}

/** Checks that r is the round-to-nearest-even of a*b + c in a format with `bits` of precision. */
function isCorrectlyRounded(a: number, b: number, c: number, r: number, bits: number): boolean {
  const [ma, ea] = exact(a)
  const [mb, eb] = exact(b)
  const [mc, ec] = exact(c)
  const [mr, er] = exact(r)
  const e = Math.min(ea + eb, ec, er) - bits - 2
  const at = (m: bigint, k: number) => m << BigInt(k - e)
  const truth = at(ma * mb, ea + eb) + at(mc, ec)
  const diff = truth - at(mr, er)
  // ulp of r in the target format, at the common exponent
  const ulpExp = Math.floor(Math.log2(Math.abs(r))) - (bits - 1)
  const ulp = 1n << BigInt(ulpExp - e)
  const twice = 2n * (diff < 0n ? -diff : diff)
  if (twice < ulp) return true
  if (twice > ulp) return false
  return (mr >> BigInt(Math.max(0, ulpExp - er))) % 2n === 0n
}

const normalDouble = fc.double({ min: -1e10, max: 1e10, noNaN: true }).filter((x) => x === 0 || Math.abs(x) > 1e-100)
const normalFloat = normalDouble.map(f32).filter((x) => x === 0 || Math.abs(x) > 1e-30)

describe('fused multiply-add', () => {
  test.prop([normalDouble, normalDouble, normalDouble], { numRuns: 300 })('fma64 rounds a*b + c once', (a, b, c) => {
    const r = fma64(a, b, c)
    if (r !== 0) expect(isCorrectlyRounded(a, b, c, r, 53)).toBe(true)
  })

  test.prop([normalFloat, normalFloat, normalFloat], { numRuns: 300 })('fma32 rounds a*b + c once to float32', (a, b, c) => {
    const r = fma32(a, b, c)
    expect(r).toBe(f32(r))
    // The checker's ulp assumes a normal result; float32 subnormals start at 2^-126.
    fc.pre(r === 0 || Math.abs(r) > 1e-37)
    if (r !== 0) expect(isCorrectlyRounded(a, b, c, r, 24)).toBe(true)
  })

  test.prop(
    [fc.integer({ min: 2 ** 23, max: 2 ** 24 - 1 }), fc.integer({ min: -20, max: 20 }), fc.boolean(), fc.boolean()],
    { numRuns: 300 },
  )('fma32 rounds sums a hair away from a float32 midpoint correctly', (mantissa, exponent, up, above) => {
    // c + a*b = c ± ulp/2 ∓ ulp/2 * 2^-36: double rounding would land on the midpoint itself.
    const c = mantissa * 2 ** (exponent - 23)
    const halfUlp = 2 ** (exponent - 24)
    const a = above ? 1 + 2 ** -18 : 1 - 2 ** -18
    const b = (up ? halfUlp : -halfUlp) * (above ? 1 - 2 ** -18 : 1 + 2 ** -18)
    const r = fma32(a, b, c)
    expect(isCorrectlyRounded(a, b, c, r, 24)).toBe(true)
  })

  test('fma64 keeps the low bits that a*b + c loses', () => {
    const a = 1 + 2 ** -30
    // a*a = 1 + 2^-29 + 2^-60; the separate product drops 2^-60
    expect(a * a - (1 + 2 ** -29)).toBe(0)
    expect(fma64(a, a, -(1 + 2 ** -29))).toBe(2 ** -60)
  })

  test('fma32 avoids the double rounding of f32(a*b + c)', () => {
    // a*b + c = 1 + 3*2^-24 - 2^-60: just below a float32 midpoint whose even neighbour is above it.
    const a = 1 + 2 ** -18
    const b = 2 ** -24 * (1 - 2 ** -18)
    const c = 1 + 2 ** -23
    expect(f32(a * b + c)).toBe(1 + 2 ** -22) // the double sum lands on the midpoint, then rounds to even
    expect(fma32(a, b, c)).toBe(1 + 2 ** -23)
  })

  test('special values pass through', () => {
    expect(fma64(Number.POSITIVE_INFINITY, 2, 1)).toBe(Number.POSITIVE_INFINITY)
    expect(fma64(0, 5, -3)).toBe(-3)
    expect(Number.isNaN(fma64(Number.NaN, 1, 1))).toBe(true)
  })
})
