import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { loadFixture } from '@descent/test-utils'
import { RuntimeError } from '../errors.js'
import { Generator, rand, randn } from './index.js'

const torch = loadFixture(import.meta.url, 'random_torch')
const gen = (s: string | number | bigint) => new Generator().manualSeed(BigInt(s))
type Dtype = 'float32' | 'float64'

// Both paths are bit-exact, float32 and float64: the 16-wide float32 path replays avx_mathfun's log and sincos
// (PyTorch's AVX2 kernel), the others replay glibc's log, sin and cos. No ulp allowance anywhere.
describe('randn', () => {
  test.each(torch.randn as { seed: string; dtype: Dtype; values: number[][] }[])(
    'seed $seed, $dtype: sizes 1..40 (scalar Box-Muller below 16, 16-wide with the redrawn tail from 16)',
    ({ seed, dtype, values }) => {
      values.forEach((expected, k) => {
        expect([k + 1, Array.from(randn([k + 1], { dtype, generator: gen(seed) }).data)]).toEqual([k + 1, expected])
      })
    },
  )

  test.each(torch.randnLarge as { seed: string; dtype: Dtype; n: number; values: number[] }[])(
    'seed $seed, $dtype, n = $n: many 16-wide blocks',
    ({ seed, dtype, n, values }) => {
      expect(Array.from(randn([n], { dtype, generator: gen(seed) }).data)).toEqual(values)
    },
  )

  test('errors read like PyTorch', () => {
    expect(() => randn([3], { dtype: 'int64' })).toThrow(new RuntimeError(torch.errors.randnLong.message))
    expect(() => randn([-2])).toThrow(RuntimeError)
  })

  test.prop([fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: 16, max: 100 })], { numRuns: 30 })(
    'from 16 elements float32 randn uses n uniforms, plus 16 more when n is not a multiple of 16',
    (s, n) => {
      const g = gen(s)
      randn([n], { generator: g })
      const skip = n + (n % 16 === 0 ? 0 : 16)
      const reference = gen(s)
      rand([skip], { generator: reference })
      expect(Array.from(rand([3], { generator: g }).data)).toEqual(Array.from(rand([3], { generator: reference }).data))
    },
  )

  test.prop([fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 15 })], {
    numRuns: 30,
  })('below 16 elements draws are one Box-Muller stream: the cached sine half carries across calls', (s, a, b) => {
    const g = gen(s)
    const calls = [...randn([a], { generator: g, dtype: 'float64' }).data, ...randn([b], { generator: g, dtype: 'float64' }).data]
    const single = gen(s)
    const ones = Array.from({ length: a + b }, () => randn([1], { generator: single, dtype: 'float64' }).data[0])
    expect(calls).toEqual(ones)
  })

  test.prop([fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: 1, max: 200 })], { numRuns: 30 })(
    'values are finite and float32 values are float32',
    (s, n) => {
      for (const x of randn([n], { generator: gen(s) }).data) expect(Number.isFinite(x) && Math.fround(x) === x).toBe(true)
    },
  )
})
