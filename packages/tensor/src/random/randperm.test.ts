import { readFileSync } from 'node:fs'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { RuntimeError } from '../errors.js'
import { Generator, randperm } from './index.js'

const torch = JSON.parse(readFileSync(new URL('../../test/fixtures/random_torch.json', import.meta.url), 'utf8')).cases
const gen = (s: string | number | bigint) => new Generator().manualSeed(BigInt(s))

describe('randperm', () => {
  test.each(torch.randperm as { seed: string; n: number; values: number[] }[])('seed $seed, n = $n', ({ seed, n, values }) => {
    const p = randperm(n, { generator: gen(seed) })
    expect(p.dtype).toBe('int64')
    expect(Array.from(p.data)).toEqual(values)
  })

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
