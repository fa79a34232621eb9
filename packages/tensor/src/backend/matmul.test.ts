import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { fma32 } from './fma.js'
import { sdot } from './matmul.js'

/** x = m * 2^e exactly, for a finite double x. */
function decompose(x: number): [bigint, number] {
  if (x === 0) return [0n, 0]
  let e = 0
  let m = Math.abs(x)
  while (!Number.isInteger(m)) {
    m *= 2
    e--
  }
  while (m >= 2 ** 53) {
    m /= 2
    e++
  }
  return [BigInt(Math.sign(x) * m), e]
}

/** a * b + c rounded once to float32 (ties to even), by exact integer arithmetic. */
function exactFma32(a: number, b: number, c: number): number {
  const [ma, ea] = decompose(a)
  const [mb, eb] = decompose(b)
  const [mc, ec] = decompose(c)
  const lo = Math.min(ea + eb, ec)
  const s = ((ma * mb) << BigInt(ea + eb - lo)) + (mc << BigInt(ec - lo))
  if (s === 0n) return 0
  const neg = s < 0n
  const mag = neg ? -s : s
  const top = mag.toString(2).length - 1 + lo
  const q = Math.max(top - 23, -149)
  let r: bigint
  if (q <= lo) r = mag << BigInt(lo - q)
  else {
    const shift = BigInt(q - lo)
    r = mag >> shift
    const rem = mag - (r << shift)
    const half = 1n << (shift - 1n)
    if (rem > half || (rem === half && (r & 1n) === 1n)) r += 1n
  }
  const v = Math.fround(Number(r) * 2 ** q)
  return neg ? -v : v
}

const f32 = fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e18), max: Math.fround(1e18) })

describe('fma32', () => {
  test.prop([f32, f32, f32])('rounds a * b + c once', (a, b, c) => {
    const want = exactFma32(a, b, c)
    const got = fma32(a, b, c)
    expect(got === want || (got === 0 && want === 0)).toBe(true)
  })

  test.prop([f32, f32])('recovers the rounding error of a float32 product', (a, b) => {
    const p = Math.fround(a * b)
    if (!Number.isFinite(p)) return
    expect(fma32(a, b, -p)).toBe(exactFma32(a, b, -p))
  })

  test('keeps the product bits that a rounded product loses', () => {
    // (1 + 2^-12)^2 - 1 = 2^-11 + 2^-24 exactly; a float32 product would round away the 2^-24.
    expect(fma32(1 + 2 ** -12, 1 + 2 ** -12, -1)).toBe(2 ** -11 + 2 ** -24)
    expect(Math.fround(Math.fround((1 + 2 ** -12) ** 2) - 1)).toBe(2 ** -11)
  })
})

describe('sdot', () => {
  test.prop([fc.array(fc.tuple(f32, f32), { minLength: 0, maxLength: 31 })])(
    'below 32 elements: products rounded to float32, summed in a double, rounded once',
    (pairs) => {
      const x = new Float32Array(pairs.map((p) => p[0]))
      const y = new Float32Array(pairs.map((p) => p[1]))
      let d = 0
      for (let i = 0; i < x.length; i++) d += Math.fround(x[i]! * y[i]!)
      const want = Math.fround(d)
      const got = sdot(x, 0, 1, y, 0, 1, x.length)
      expect(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))).toBe(true)
    },
  )

  test('from 32 elements the vector part sums lanes 8 apart first', () => {
    // Lane 0 holds terms 0, 8, 16, 24 (in that order): 2^100 - 2^100 cancel before the other 30 ones join them,
    // while terms 0 and 1 sit in different lanes, so the ones added to either 2^100 are lost.
    const y = new Float32Array(32).fill(1)
    const probe = (i: number, j: number) => {
      const x = new Float32Array(32).fill(1)
      x[i] = 2 ** 100
      x[j] = -(2 ** 100)
      return sdot(x, 0, 1, y, 0, 1, 32)
    }
    expect(probe(0, 8)).toBe(30)
    expect(probe(0, 1)).toBe(16)
    expect(probe(0, 4)).toBe(24)
  })
})
