import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { loadFixture } from '@descent/test-utils'
import { RuntimeError } from '../errors.js'
import { Generator, rand } from './index.js'

const torch = loadFixture(import.meta.url, 'random_torch')
const gen = (s: string | number | bigint) => new Generator().manualSeed(BigInt(s))

describe('rand', () => {
  test.each(torch.rand as { seed: string; dtype: 'float32' | 'float64'; values: number[] }[])(
    'seed $seed, $dtype: every size 1..40 equals PyTorch to the last bit',
    ({ seed, dtype, values }) => {
      for (let n = 1; n <= 40; n++) {
        expect(Array.from(rand([n], { dtype, generator: gen(seed) }).data)).toEqual(values.slice(0, n))
      }
    },
  )

  test('shapes, the default dtype, and empty sizes', () => {
    const a = rand([2, 3], { generator: gen(0) })
    expect(a.shape).toEqual([2, 3])
    expect(a.dtype).toBe('float32')
    expect(a.data).toBeInstanceOf(Float32Array)
    expect(rand(4, { generator: gen(0) }).shape).toEqual([4])
    expect(rand([0, 3]).size).toBe(0)
    expect(rand([]).shape).toEqual([])
  })

  test('errors read like PyTorch', () => {
    expect(() => rand([-2])).toThrow(new RuntimeError(torch.errors.randNegativeSize.message))
    expect(() => rand([3], { dtype: 'int64' })).toThrow(new RuntimeError(torch.errors.randLong.message))
  })

  test.prop([fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: 1, max: 300 })], { numRuns: 30 })(
    'float32 draws are multiples of 2^-24 in [0, 1); float64 draws multiples of 2^-53',
    (s, n) => {
      for (const x of rand([n], { generator: gen(s) }).data) {
        expect(x >= 0 && x < 1 && Number.isInteger(x * 2 ** 24)).toBe(true)
      }
      for (const x of rand([n], { generator: gen(s), dtype: 'float64' }).data) {
        expect(x >= 0 && x < 1 && Number.isInteger(x * 2 ** 53)).toBe(true)
      }
    },
  )

  test.prop([fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 })], {
    numRuns: 30,
  })('one float32 draw per element: rand(a) then rand(b) is rand(a + b)', (s, a, b) => {
    const g = gen(s)
    const split = [...rand([a], { generator: g }).data, ...rand([b], { generator: g }).data]
    expect(split).toEqual(Array.from(rand([a + b], { generator: gen(s) }).data))
  })
})
