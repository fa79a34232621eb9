import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { loadFixture } from '@descent/test-utils'
import { logf, sincosf } from './avxMathfun.js'
import { glibcLog } from './glibcLog.js'
import { glibcCos, glibcSin } from './glibcSinCos.js'

const libm = loadFixture(import.meta.url, 'random_libm')
const fn = { log: glibcLog, sin: glibcSin, cos: glibcCos } as const

describe('glibc log, sin and cos, replayed', () => {
  test.each(['log', 'sin', 'cos'] as const)('%s equals glibc on every recorded argument', (name) => {
    const { x, y } = libm[name] as { x: number[]; y: number[] }
    const misses = x.flatMap((v, i) => (fn[name](v) === y[i] ? [] : [[v, fn[name](v), y[i]]]))
    expect(misses).toEqual([])
  })

  test('special values', () => {
    expect(glibcLog(0)).toBe(Number.NEGATIVE_INFINITY)
    expect(glibcLog(1)).toBe(0)
    expect(Number.isNaN(glibcLog(-1))).toBe(true)
    expect(glibcLog(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY)
    expect(glibcSin(0)).toBe(0)
    expect(glibcCos(0)).toBe(1)
  })

  test.prop([fc.double({ min: 1e-300, max: 1e300, noNaN: true })], { numRuns: 200 })('log is within an ulp of Math.log', (x) => {
    const y = glibcLog(x)
    expect(Math.abs(y - Math.log(x))).toBeLessThanOrEqual(Math.abs(Math.log(x)) * 2 ** -51 + 1e-300)
  })

  test.prop([fc.double({ min: -1e6, max: 1e6, noNaN: true })], { numRuns: 200 })('sin and cos are within an ulp of Math', (x) => {
    expect(Math.abs(glibcSin(x) - Math.sin(x))).toBeLessThanOrEqual(2 ** -51)
    expect(Math.abs(glibcCos(x) - Math.cos(x))).toBeLessThanOrEqual(2 ** -51)
  })
})

describe('avx_mathfun float32 log and sincos', () => {
  // Exactness against PyTorch is checked through randn's fixtures; here, that they are accurate float32 functions.
  test.prop([fc.double({ min: 1e-30, max: 1, noNaN: true }).map(Math.fround).filter((x) => x > 0)], { numRuns: 300 })(
    'logf is within a few float32 ulps of log',
    (x) => {
      expect(Math.abs(logf(x) - Math.log(x))).toBeLessThanOrEqual(Math.abs(Math.log(x)) * 2 ** -21 + 2 ** -24)
    },
  )

  test.prop([fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }).map(Math.fround)], { numRuns: 300 })(
    'sincosf is within a few float32 ulps of sin and cos',
    (x) => {
      const out = new Float64Array(2)
      sincosf(x, out)
      const [s, c] = [out[0]!, out[1]!]
      expect(Math.abs(s - Math.sin(x))).toBeLessThanOrEqual(2 ** -22)
      expect(Math.abs(c - Math.cos(x))).toBeLessThanOrEqual(2 ** -22)
      expect(Math.fround(s)).toBe(s)
    },
  )
})
