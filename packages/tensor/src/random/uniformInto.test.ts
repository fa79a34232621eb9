import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { loadFixture } from '@descent/test-utils'
import { NDArray } from '../NDArray.js'
import { RuntimeError } from '../errors.js'
import { Generator, manualSeed, rand, uniformInto } from './index.js'

const torch = loadFixture(import.meta.url, 'random_torch')
const gen = (s: string | number | bigint) => new Generator().manualSeed(BigInt(s))
type Dtype = 'float32' | 'float64'
const empty = (dtype: Dtype | 'int64', shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1)
  return new NDArray(dtype === 'float32' ? new Float32Array(n) : new Float64Array(n), shape, dtype)
}

describe('uniformInto', () => {
  test.each(torch.uniform as { seed: string; from: number; to: number; dtype: Dtype; values: number[] }[])(
    'seed $seed, [$from, $to), $dtype',
    ({ seed, from, to, dtype, values }) => {
      expect(Array.from(uniformInto(empty(dtype, [37]), from, to, gen(seed)).data)).toEqual(values)
    },
  )

  test.each(torch.strided.filter((c: { op: string }) => c.op === 'uniform') as { seed: string; dtype: Dtype; shape: number[]; values: number[][] }[])(
    'a transposed target fills in memory order (seed $seed, $dtype)',
    ({ seed, dtype, shape, values }) => {
      const base = empty(dtype, shape)
      uniformInto(new NDArray(base.data, [shape[1]!, shape[0]!], dtype, [1, shape[1]!]), -2, 3, gen(seed))
      expect(Array.from(base.data)).toEqual(values.flat())
    },
  )

  // nn.Linear's reset_parameters: kaiming_uniform_(weight, a=sqrt(5)) then uniform_(bias, -1/sqrt(fan_in), ...),
  // with the bounds computed in doubles exactly as torch.nn.init does.
  test.each(torch.linear as { seed: string; inFeatures: number; outFeatures: number; weight: number[]; bias: number[] }[])(
    'reproduces nn.Linear($inFeatures, $outFeatures) after manual_seed($seed)',
    ({ seed, inFeatures, outFeatures, weight, bias }) => {
      manualSeed(BigInt(seed))
      const gain = Math.sqrt(2.0 / (1 + Math.sqrt(5) ** 2))
      const weightBound = Math.sqrt(3.0) * (gain / Math.sqrt(inFeatures))
      const w = uniformInto(empty('float32', [outFeatures, inFeatures]), -weightBound, weightBound)
      const biasBound = 1 / Math.sqrt(inFeatures)
      const b = uniformInto(empty('float32', [outFeatures]), -biasBound, biasBound)
      expect(Array.from(w.data)).toEqual(weight)
      expect(Array.from(b.data)).toEqual(bias)
    },
  )

  test('errors read like PyTorch', () => {
    expect(() => uniformInto(empty('float32', [3]), 2, 1)).toThrow(new RuntimeError(torch.errors.uniformReversed.message))
    expect(() => uniformInto(empty('int64', [3]), 0, 1)).toThrow(new RuntimeError(torch.errors.uniformLong.message))
    expect(() => uniformInto(empty('float32', [3]), 0, 1e39)).toThrow(new RuntimeError('to is out of bounds for float'))
  })

  test.prop(
    [
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      fc.integer({ min: 1, max: 80 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.constantFrom<Dtype>('float32', 'float64'),
    ],
    { numRuns: 50 },
  )('draws land in [from, to] and consume what rand consumes', (s, n, from, width, dtype) => {
    const to = from + width
    const a = uniformInto(empty(dtype, [n]), from, to, gen(s))
    const lo = dtype === 'float32' ? Math.fround(from) : from
    const hi = dtype === 'float32' ? Math.fround(to) : to
    for (const x of a.data) expect(x >= Math.min(lo, hi) && x <= Math.max(lo, hi)).toBe(true)
    const u = rand([n], { dtype, generator: gen(s) })
    if (from === 0 && width === 1) expect(Array.from(a.data)).toEqual(Array.from(u.data))
  })
})
