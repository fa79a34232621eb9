import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { loadFixture } from '@descent/test-utils'
import { NDArray } from '../NDArray.js'
import { IndexError, ValueError } from '../errors.js'
import { RandomState } from './RandomState.js'

const numpy = loadFixture(import.meta.url, 'random_numpy')
const seedArb = fc.integer({ min: 0, max: 2 ** 32 - 1 })
const values = (x: number | NDArray) => (typeof x === 'number' ? [x] : Array.from(x.data))

describe('RandomState seeding', () => {
  test.each(numpy.state as { seed: number; key: number[] }[])('seed $seed: the first state words', ({ seed, key }) => {
    expect(Array.from(new RandomState(seed).getState().key.slice(0, 8))).toEqual(key)
  })

  test.each(numpy.arraySeeds as { seed: number[]; key: number[]; rand: number[] }[])(
    'array seed of length $seed.length goes through init_by_array',
    ({ seed, key, rand }) => {
      expect(Array.from(new RandomState(seed).getState().key.slice(0, 8))).toEqual(key)
      expect(values(new RandomState(seed).randomSample(5))).toEqual(rand)
    },
  )

  test('errors read like NumPy', () => {
    expect(() => new RandomState(-1)).toThrow(new ValueError(numpy.errors.seedNegative.message))
    expect(() => new RandomState(2 ** 32)).toThrow(new ValueError(numpy.errors.seedTooLarge.message))
    expect(() => new RandomState([])).toThrow(new ValueError(numpy.errors.seedEmpty.message))
  })

  test.prop([seedArb, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 30 })], { numRuns: 30 })(
    'setState(getState()) replays the draws, including the cached gaussian',
    (seed, before, n) => {
      const rs = new RandomState(seed)
      rs.standardNormal(before)
      const state = rs.getState()
      const first = [values(rs.randn(n)), values(rs.rand(n)), values(rs.randint(0, 1000, n))]
      rs.setState(state)
      expect([values(rs.randn(n)), values(rs.rand(n)), values(rs.randint(0, 1000, n))]).toEqual(first)
    },
  )

  test.prop([seedArb], { numRuns: 20 })('seed() resets the cached gaussian', (seed) => {
    const rs = new RandomState(seed)
    rs.randn(1)
    rs.seed(seed)
    expect(rs.randn(3)).toEqual(new RandomState(seed).randn(3))
  })
})

describe('RandomState samplers equal NumPy exactly', () => {
  test.each(numpy.randomSample as { seed: number; values: number[] }[])('random_sample, seed $seed', ({ seed, values: v }) => {
    expect(values(new RandomState(seed).randomSample(40))).toEqual(v)
    expect(new RandomState(seed).randomSample()).toBe(v[0])
  })

  test.each(numpy.rand as { seed: number; shape: number[]; values: number[] }[])('rand(3, 4), seed $seed', ({ seed, shape, values: v }) => {
    const a = new RandomState(seed).rand(...shape)
    expect(a.shape).toEqual(shape)
    expect(a.dtype).toBe('float64')
    expect(values(a)).toEqual(v)
  })

  test.each([...numpy.standardNormal, ...numpy.standardNormalLarge] as { seed: number; values: number[] }[])(
    'standard_normal (legacy polar method, glibc log), seed $seed, n = $values.length',
    ({ seed, values: v }) => {
      expect(values(new RandomState(seed).standardNormal(v.length))).toEqual(v)
      expect(values(new RandomState(seed).randn(v.length))).toEqual(v)
    },
  )

  test.each(numpy.normal as { seed: number; loc: number; scale: number; values: number[] }[])(
    'normal($loc, $scale), seed $seed',
    ({ seed, loc, scale, values: v }) => {
      expect(values(new RandomState(seed).normal(loc, scale, 9))).toEqual(v)
    },
  )

  test.each(numpy.uniform as { seed: number; low: number; high: number; values: number[] }[])(
    'uniform($low, $high), seed $seed',
    ({ seed, low, high, values: v }) => {
      expect(values(new RandomState(seed).uniform(low, high, 30))).toEqual(v)
    },
  )

  test.each(numpy.randint as { seed: number; low: number; high: number; values: number[] }[])(
    'randint($low, $high), seed $seed',
    ({ seed, low, high, values: v }) => {
      const a = new RandomState(seed).randint(low, high, 25)
      expect(a.dtype).toBe('int64')
      expect(values(a)).toEqual(v)
    },
  )

  test.each(numpy.randintScalar as { seed: number; values: number[] }[])('randint(10) as scalars, seed $seed', ({ seed, values: v }) => {
    const rs = new RandomState(seed)
    expect(v.map(() => rs.randint(10))).toEqual(v)
  })

  test.each(numpy.permutation as { seed: number; n: number; values: number[] }[])('permutation($n), seed $seed', ({ seed, n, values: v }) => {
    expect(values(new RandomState(seed).permutation(n))).toEqual(v)
  })

  test.each(numpy.shuffle as { seed: number; input: number[]; values: number[] }[])('shuffle of a list, seed $seed', ({ seed, input, values: v }) => {
    const xs = [...input]
    new RandomState(seed).shuffle(xs)
    expect(xs).toEqual(v)
    expect(new RandomState(seed).permutation(input)).toEqual(v)
  })

  test.each(numpy.permutation2d as { seed: number; input: number[][]; values: number[][] }[])(
    'permutation of a 2-d array shuffles rows, seed $seed',
    ({ seed, input, values: v }) => {
      const a = new NDArray(new Float64Array(input.flat()), [input.length, input[0]!.length], 'float64')
      const p = new RandomState(seed).permutation(a)
      expect(values(p)).toEqual(v.flat())
      expect(values(a)).toEqual(input.flat())
    },
  )

  type Call = [string, ...unknown[]]
  test.each(numpy.sequences as { seed: number; calls: Call[] }[])('interleaved calls, seed $seed', ({ seed, calls }) => {
    const rs = new RandomState(seed)
    for (const call of calls) {
      const expected = call[call.length - 1]
      const args = call.slice(1, -1) as number[]
      let got: NDArray
      if (call[0] === 'randn') got = rs.randn(args[0]!)
      else if (call[0] === 'rand') got = rs.rand(args[0]!)
      else if (call[0] === 'randint') got = rs.randint(args[0]!, args[1]!, args[2]!)
      else if (call[0] === 'permutation') got = rs.permutation(args[0]!)
      else got = rs.uniform(args[0]!, args[1]!, args[2]!)
      expect([call[0], values(got)]).toEqual([call[0], expected])
    }
  })

  test('errors read like NumPy', () => {
    const rs = new RandomState(0)
    expect(() => rs.randint(5, 3)).toThrow(new ValueError(numpy.errors.randintEmpty.message))
    expect(() => rs.randint(0)).toThrow(new ValueError(numpy.errors.randintZero.message))
    expect(() => rs.randint(4, 4, 3)).toThrow(new ValueError(numpy.errors.randintEqual.message))
    expect(() => rs.normal(0, -1)).toThrow(new ValueError(numpy.errors.normalScale.message))
    const scalar = new NDArray(new Float64Array([3]), [], 'float64')
    expect(() => rs.permutation(scalar)).toThrow(new IndexError(numpy.errors.permutationScalar.message))
  })
})

describe('RandomState laws', () => {
  test.prop([seedArb, fc.integer({ min: 0, max: 300 })], { numRuns: 40 })('permutation(n) is a permutation', (seed, n) => {
    const p = values(new RandomState(seed).permutation(n)).sort((a, b) => a - b)
    expect(p).toEqual(Array.from({ length: n }, (_, i) => i))
  })

  test.prop([seedArb, fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 45 })], { numRuns: 40 })(
    'randint stays in [low, high)',
    (seed, low, width) => {
      for (const x of values(new RandomState(seed).randint(low, low + width, 30))) {
        expect(Number.isInteger(x) && x >= low && x < low + width).toBe(true)
      }
    },
  )

  test.prop([seedArb, fc.integer({ min: 1, max: 100 })], { numRuns: 40 })('random_sample is in [0, 1) on a 2^-53 grid', (seed, n) => {
    for (const x of values(new RandomState(seed).randomSample(n))) {
      expect(x >= 0 && x < 1 && Number.isInteger(x * 2 ** 53)).toBe(true)
    }
  })

  test.prop([seedArb, fc.array(fc.integer(), { maxLength: 40 })], { numRuns: 40 })('shuffle keeps the multiset; same seed, same order', (seed, xs) => {
    const a = [...xs]
    const b = [...xs]
    new RandomState(seed).shuffle(a)
    new RandomState(seed).shuffle(b)
    expect(a).toEqual(b)
    expect([...a].sort((p, q) => p - q)).toEqual([...xs].sort((p, q) => p - q))
  })
})
