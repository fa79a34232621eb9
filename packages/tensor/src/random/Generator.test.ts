import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { loadFixture } from '@descent/test-utils'
import { NDArray } from '../NDArray.js'
import { RuntimeError, ValueError } from '../errors.js'
import {
  Generator,
  defaultGenerator,
  getRngState,
  initialSeed,
  manualSeed,
  normalInto,
  rand,
  randint,
  randn,
  randperm,
  seed,
  setRngState,
  uniformInto,
} from './index.js'

const torch = loadFixture(import.meta.url, 'random_torch')
const gen = (s: string | number) => new Generator().manualSeed(BigInt(s))
const seedArb = fc.oneof(fc.integer({ min: 0, max: 2 ** 32 + 10 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }))

describe('Generator seeding', () => {
  test.each(torch.initialSeed as { seed: string; initialSeed: string }[])(
    'manualSeed($seed) reports initialSeed $initialSeed',
    ({ seed: s, initialSeed: expected }) => {
      expect(gen(s).initialSeed()).toBe(BigInt(expected))
    },
  )

  test('a new Generator holds PyTorch default_rng_seed_val and its draws', () => {
    const g = new Generator()
    expect(g.initialSeed()).toBe(BigInt(torch.freshGeneratorSeed))
    expect(Array.from(rand([5], { generator: g }).data)).toEqual(torch.freshGenerator)
  })

  test('numbers and bigints name the same seed', () => {
    expect(Array.from(rand([4], { generator: new Generator().manualSeed(42) }).data)).toEqual(
      Array.from(rand([4], { generator: new Generator().manualSeed(42n) }).data),
    )
  })

  test('seeds out of [-2^63, 2^64) raise PyTorch error', () => {
    expect(() => new Generator().manualSeed(2n ** 64n)).toThrow(new RuntimeError(torch.errors.seedTooLarge.message))
    expect(() => new Generator().manualSeed(-(2n ** 63n) - 1n)).toThrow(new RuntimeError(torch.errors.seedTooSmall.message))
    expect(() => new Generator().manualSeed(1.5)).toThrow(RuntimeError)
  })

  test.prop([seedArb], { numRuns: 25 })('mt19937 takes the low 32 bits: s and s + 2^32 draw alike', (s) => {
    const a = new Generator().manualSeed(s)
    const b = new Generator().manualSeed(BigInt.asUintN(64, BigInt(s)) ^ (1n << 32n))
    expect(Array.from(rand([8], { generator: b }).data)).toEqual(Array.from(rand([8], { generator: a }).data))
    expect(a.initialSeed()).not.toBe(b.initialSeed())
  })

  test('seed() picks a fresh 64-bit seed and reports it', () => {
    const g = new Generator()
    const s = g.seed()
    expect(s >= 0n && s < 2n ** 64n).toBe(true)
    expect(g.initialSeed()).toBe(s)
  })
})

describe('Generator state', () => {
  test.prop([seedArb, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 40 })], { numRuns: 25 })(
    'setState(getState()) replays the same draws, including the cached normal',
    (s, before, n) => {
      const g = new Generator().manualSeed(s)
      randn([before], { generator: g, dtype: 'float64' })
      const state = g.getState()
      const first = [rand([n], { generator: g }), randn([1], { generator: g }), randperm(n, { generator: g })]
      g.setState(state)
      const again = [rand([n], { generator: g }), randn([1], { generator: g }), randperm(n, { generator: g })]
      expect(again.map((a) => Array.from(a.data))).toEqual(first.map((a) => Array.from(a.data)))
    },
  )

  test.prop([seedArb, fc.integer({ min: 1, max: 30 })], { numRuns: 25 })('getState is a copy, not a view', (s, n) => {
    const g = new Generator().manualSeed(s)
    const state = g.getState()
    const key = state.key.slice()
    rand([n * 400], { generator: g })
    expect(state.key).toEqual(key)
  })

  test('setState rejects a malformed state', () => {
    const state = new Generator().getState()
    expect(() => new Generator().setState({ ...state, key: new Uint32Array(3) })).toThrow(ValueError)
    expect(() => new Generator().setState({ ...state, pos: 625 })).toThrow(ValueError)
  })

  test('the default generator: manualSeed, initialSeed, getRngState/setRngState', () => {
    expect(manualSeed(torch.default.seed)).toBe(defaultGenerator)
    expect(initialSeed()).toBe(BigInt(torch.default.seed))
    const state = getRngState()
    expect(Array.from(rand([4]).data)).toEqual(torch.default.rand)
    expect(Array.from(randn([3]).data)).toEqual(torch.default.randn)
    expect(Array.from(randperm(5).data)).toEqual(torch.default.randperm)
    setRngState(state)
    expect(Array.from(rand([4]).data)).toEqual(torch.default.rand)
    const s = seed()
    expect(initialSeed()).toBe(s)
  })
})

type Call = [string, ...unknown[]]

describe('interleaved calls (rand, randn, randperm, randint, uniform_, normal_) on one generator match PyTorch', () => {
  test.each(torch.sequences as { seed: string; calls: Call[] }[])('seed $seed', ({ seed: s, calls }) => {
    const g = gen(s)
    for (const call of calls) {
      const expected = call[call.length - 1] as number[] | number[][]
      let got: ArrayLike<number>
      if (call[0] === 'rand' || call[0] === 'randn') {
        const [, shape, dtype] = call as [string, number[], 'float32' | 'float64']
        got = (call[0] === 'rand' ? rand : randn)(shape, { generator: g, dtype }).data
      } else if (call[0] === 'uniform' || call[0] === 'normal') {
        const [, a, b, shape, dtype] = call as [string, number, number, number[], 'float32' | 'float64']
        const target = new NDArray(dtype === 'float32' ? new Float32Array(shape[0]!) : new Float64Array(shape[0]!), shape, dtype)
        got = (call[0] === 'uniform' ? uniformInto : normalInto)(target, a, b, g).data
      } else if (call[0] === 'randperm') {
        got = randperm(call[1] as number, { generator: g }).data
      } else {
        const [, low, high, shape] = call as [string, number, number, number[]]
        got = randint(low, high, shape, { generator: g }).data
      }
      expect([call[0], Array.from(got)]).toEqual([call[0], expected.flat()])
    }
  })
})
