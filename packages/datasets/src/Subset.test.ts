import { loadFixture } from '@descent/test-utils'
import { fc, test } from '@fast-check/vitest'
import { Generator, catchWarnings, manualSeed, rand } from '@descent/tensor'
import { describe, expect } from 'vitest'
import { Subset, randomSplit } from './Subset.js'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const fx = loadFixture<{
  cases: { n: number; lengths: number[]; seed: number; subsets: number[][]; warnings: string[] }[]
  default: { seed: number; subsets: number[][]; after: number[] }
  errors: { n: number; lengths: number[]; error: string }[]
}>(import.meta.url, 'datasets_random_split')

describe('randomSplit against torch 1.13', () => {
  test('the same subsets, and the same warnings, for seeded generators', () => {
    for (const c of fx.cases) {
      const { result, warnings } = catchWarnings(() =>
        randomSplit(range(c.n), c.lengths, { generator: new Generator().manualSeed(c.seed) }),
      )
      expect(result.map((s) => s.indices), JSON.stringify(c.lengths)).toEqual(c.subsets)
      expect(warnings.map((w) => w.message)).toEqual(c.warnings)
    }
  })

  test('through the default generator', () => {
    manualSeed(fx.default.seed)
    expect(randomSplit(range(8), [4, 4]).map((s) => s.indices)).toEqual(fx.default.subsets)
    expect(Array.from(rand([2]).data)).toEqual(fx.default.after.map(Math.fround))
  })

  test("torch's errors", () => {
    for (const e of fx.errors) expect(() => randomSplit(range(e.n), e.lengths)).toThrow(e.error)
  })
})

describe('Subset', () => {
  test('reads the dataset at its indices, negative ones from the end', () => {
    const s = new Subset(['a', 'b', 'c', 'd'], [3, 1])
    expect(s.length).toBe(2)
    expect(s.getItem(0)).toBe('d')
    expect(s.getItem(-1)).toBe('b')
  })

  test.prop([fc.integer({ min: 1, max: 200 }), fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }), fc.nat()], { numRuns: 60 })(
    'fractions: the subsets partition the dataset',
    (n, weights, seed) => {
      const total = weights.reduce((a, b) => a + b, 0)
      const fractions = weights.map((w) => w / total)
      // PyTorch takes fractions only when they sum to at most 1; rounding can push the sum just past it.
      fc.pre(fractions.reduce((a, b) => a + b, 0) <= 1)
      const { result } = catchWarnings(() => randomSplit(range(n), fractions, { generator: new Generator().manualSeed(seed) }))
      const all = result.flatMap((s) => [...s.indices])
      expect(all.sort((a, b) => a - b)).toEqual(range(n))
    },
  )
})
