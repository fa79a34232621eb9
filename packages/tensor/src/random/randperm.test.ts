import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { loadFixture } from '@descent/test-utils'
import { RuntimeError } from '../errors.js'
import { Generator, randperm } from './index.js'

const torch = loadFixture(import.meta.url, 'random_torch')
const gen = (s: string | number | bigint) => new Generator().manualSeed(BigInt(s))

describe('randperm', () => {
  test.each(torch.randperm as { seed: string; n: number; values: number[] }[])('seed $seed, n = $n', ({ seed, n, values }) => {
    const p = randperm(n, { generator: gen(seed) })
    expect(p.dtype).toBe('int64')
    expect(Array.from(p.data)).toEqual(values)
  })

  // 1.7 GB and about a minute: run with DESCENT_SLOW=1.
  test.skipIf(!process.env.DESCENT_SLOW)('n = uint32 max / 20 keeps the same algorithm, as in PyTorch 1.13', () => {
    const { seed, n, head, tail } = torch.randpermLarge as { seed: string; n: number; head: number[]; tail: number[] }
    const p = randperm(n, { generator: gen(seed) }).data
    expect([Array.from(p.subarray(0, 8)), Array.from(p.subarray(n - 4))]).toEqual([head, tail])
  }, 300_000)

  test('errors read like PyTorch', () => {
    expect(() => randperm(-1)).toThrow(new RuntimeError(torch.errors.randpermNegative.message))
  })

  test.prop([fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: 0, max: 500 })], { numRuns: 50 })(
    'is a permutation of 0..n-1',
    (s, n) => {
      const p = Array.from(randperm(n, { generator: gen(s) }).data)
      expect(p.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
    },
  )

  test.prop([fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: 0, max: 100 })], { numRuns: 30 })(
    'uses n - 1 draws: the same seed gives the same permutation, and the float64 dtype holds the same values',
    (s, n) => {
      const a = Array.from(randperm(n, { generator: gen(s) }).data)
      expect(Array.from(randperm(n, { generator: gen(s), dtype: 'float64' }).data)).toEqual(a)
    },
  )
})
