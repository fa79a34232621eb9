import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { loadFixture } from '@descent/test-utils'
import { NDArray } from '../NDArray.js'
import { RuntimeError } from '../errors.js'
import { Generator, normalInto, randn } from './index.js'

const torch = loadFixture(import.meta.url, 'random_torch')
const gen = (s: string | number | bigint) => new Generator().manualSeed(BigInt(s))
type Dtype = 'float32' | 'float64'
const empty = (dtype: Dtype | 'int64', shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1)
  return new NDArray(dtype === 'float32' ? new Float32Array(n) : new Float64Array(n), shape, dtype)
}

describe('normalInto', () => {
  test.each(torch.normal as { seed: string; mean: number; std: number; dtype: Dtype; n: number; values: number[] }[])(
    'seed $seed, N($mean, $std), $dtype, n = $n',
    ({ seed, mean, std, dtype, n, values }) => {
      const a = normalInto(empty(dtype, [n]), mean, std, gen(seed))
      expect(Array.from(a.data)).toEqual(values)
    },
  )

  test.each(torch.strided.filter((c: { op: string }) => c.op !== 'uniform') as { seed: string; op: string; dtype: Dtype; shape: number[]; values: number[][] }[])(
    'strided target ($op, seed $seed, $dtype): the scalar path, in memory order',
    ({ seed, op, dtype, shape, values }) => {
      const base = empty(dtype, shape)
      // op 'normal': the transpose of a [6, 5] array; op 'normalStep': every other column of an [8, 6] array
      const view =
        op === 'normal'
          ? new NDArray(base.data, [shape[1]!, shape[0]!], dtype, [1, shape[1]!])
          : new NDArray(base.data, [shape[0]!, shape[1]! / 2], dtype, [shape[1]!, 2])
      normalInto(view, op === 'normal' ? 0.5 : 0, op === 'normal' ? 2 : 1, gen(seed))
      const got = op === 'normal' ? Array.from(base.data) : Array.from(base.data).filter((_, i) => i % 2 === 0)
      expect(got).toEqual(values.flat())
    },
  )

  test('errors read like PyTorch', () => {
    expect(() => normalInto(empty('float32', [3]), 0, -1)).toThrow(new RuntimeError(torch.errors.normalNegativeStd.message))
    expect(() => normalInto(empty('int64', [3]), 0, 1)).toThrow(new RuntimeError(torch.errors.randnLong.message))
  })

  test.prop([fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: 1, max: 60 }), fc.constantFrom<Dtype>('float32', 'float64')], {
    numRuns: 30,
  })('normalInto(a, 0, 1) fills exactly what randn draws', (s, n, dtype) => {
    const a = normalInto(empty(dtype, [n]), 0, 1, gen(s))
    expect(Array.from(a.data)).toEqual(Array.from(randn([n], { dtype, generator: gen(s) }).data))
  })

  test.prop([fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.integer({ min: 1, max: 60 }), fc.double({ min: -5, max: 5, noNaN: true })], {
    numRuns: 30,
  })('std = 0 fills the mean', (s, n, mean) => {
    const a = normalInto(empty('float64', [n]), mean, 0, gen(s))
    // x * 0 + mean: a mean of -0 comes back as +0 whenever x >= 0, as with a real fma
    for (const x of a.data) expect(x === mean).toBe(true)
  })
})
