import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { loadFixture } from '@descent/test-utils'
import { RuntimeError } from '../errors.js'
import { Generator, randint } from './index.js'

const torch = loadFixture(import.meta.url, 'random_torch')
const gen = (s: string | number | bigint) => new Generator().manualSeed(BigInt(s))

describe('randint', () => {
  test.each(torch.randint as { seed: string; low: string; high: string; values: string[] }[])(
    'seed $seed, [$low, $high)',
    ({ seed, low, high, values }) => {
      const a = randint(Number(low), Number(high), [25], { generator: gen(seed) })
      expect(a.dtype).toBe('int64')
      expect(Array.from(a.data)).toEqual(values.map(Number))
    },
  )

  test.each(torch.randintFloat as { seed: string; low: number; high: number; dtype: 'float32' | 'float64'; values: number[] }[])(
    'seed $seed, [$low, $high) as $dtype',
    ({ seed, low, high, dtype, values }) => {
      expect(Array.from(randint(low, high, [12], { generator: gen(seed), dtype }).data)).toEqual(values)
    },
  )

  test('randint(high, shape) draws from [0, high)', () => {
    expect(Array.from(randint(10, [6], { generator: gen(3) }).data)).toEqual(
      Array.from(randint(0, 10, [6], { generator: gen(3) }).data),
    )
  })

  test('errors read like PyTorch', () => {
    expect(() => randint(5, 3, [2])).toThrow(new RuntimeError(torch.errors.randintEmpty.message))
    expect(() => randint(5, 5, [2])).toThrow(new RuntimeError(torch.errors.randintEqual.message))
  })

  test.prop(
    [fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 45 })],
    { numRuns: 50 },
  )('values are integers in [low, high)', (s, low, width) => {
    for (const x of randint(low, low + width, [20], { generator: gen(s) }).data) {
      expect(Number.isInteger(x) && x >= low && x < low + width).toBe(true)
    }
  })
})
