import { loadFixture } from '@descent/test-utils'
import { fc, test } from '@fast-check/vitest'
import { Generator, NDArray, manualSeed, rand } from '@descent/tensor'
import { describe, expect } from 'vitest'
import { DataLoader } from './DataLoader.js'
import { Dataset, TensorDataset } from './Dataset.js'
import { BatchSampler, RandomSampler, SequentialSampler } from './samplers.js'

interface OrderCase {
  n: number
  batchSize: number
  dropLast: boolean
  seed: number
  generator: boolean
  epochs: number[][][]
  after?: number[]
}
const fixture = loadFixture<{
  orders: OrderCase[]
  partial: { first: number[]; next: number[][] }
  sequential: { seed: number; batches: number[][]; after: number[] }
  samplers: { seed: number; n: number; numSamples: number; replacement: boolean; indices: number[]; after: number[] }[]
  tensorDataset: { x: number[][]; y: number[]; batches: [number[][], number[]][] }
}>(import.meta.url, 'datasets_dataloader')

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const asList = (s: number[]) => s
const f32 = (xs: number[]) => xs.map(Math.fround)
const epochs = <B>(loader: Iterable<B>, k: number) => range(k).map(() => [...loader])

describe('DataLoader against torch 1.13', () => {
  test(`shuffled orders match torch's for the same seed, epoch after epoch (${fixture.orders.length} cases)`, () => {
    for (const c of fixture.orders) {
      let generator: Generator | undefined
      if (c.generator) generator = new Generator().manualSeed(c.seed)
      else manualSeed(c.seed)
      const loader = new DataLoader(range(c.n), {
        batchSize: c.batchSize,
        shuffle: true,
        dropLast: c.dropLast,
        generator,
        collateFn: asList,
      })
      expect(epochs(loader, c.epochs.length), JSON.stringify({ ...c, epochs: undefined })).toEqual(c.epochs)
      // Without a generator the loader draws from the default one: what is drawn next must match too.
      if (c.after) expect(Array.from(rand([3]).data)).toEqual(f32(c.after))
    }
  })

  test('breaking off an epoch leaves the generator where torch leaves it', () => {
    const loader = new DataLoader(range(10), {
      batchSize: 3,
      shuffle: true,
      generator: new Generator().manualSeed(5),
      collateFn: asList,
    })
    const it = loader[Symbol.iterator]()
    expect(it.next().value).toEqual(fixture.partial.first)
    expect([...loader]).toEqual(fixture.partial.next)
  })
})

test('shuffle: false still draws the base seed from the default generator, as torch does', () => {
  const { seed, batches, after } = fixture.sequential
  manualSeed(seed)
  expect([...new DataLoader(range(5), { batchSize: 2, collateFn: asList })]).toEqual(batches)
  expect(Array.from(rand([2]).data)).toEqual(f32(after))
})

test('RandomSampler with replacement and with numSamples beyond the dataset draws what torch draws', () => {
  for (const c of fixture.samplers) {
    const generator = new Generator().manualSeed(c.seed)
    const sampler = new RandomSampler(range(c.n), { replacement: c.replacement, numSamples: c.numSamples, generator })
    expect([...sampler], JSON.stringify(c)).toEqual(c.indices)
    expect(Array.from(rand([2], { generator }).data)).toEqual(f32(c.after))
  }
})

describe('DataLoader batches', () => {
  test('sequential batches, short last batch kept or dropped', () => {
    expect([...new DataLoader(range(7), { batchSize: 3, collateFn: asList })]).toEqual([[0, 1, 2], [3, 4, 5], [6]])
    expect([...new DataLoader(range(7), { batchSize: 3, dropLast: true, collateFn: asList })]).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ])
    expect(new DataLoader(range(7), { batchSize: 3 }).length).toBe(3)
    expect(new DataLoader(range(7), { batchSize: 3, dropLast: true }).length).toBe(2)
    expect([...new DataLoader([], { batchSize: 3, collateFn: asList })]).toEqual([])
  })

  test('batchSize: null yields samples one by one, through collateFn when given', () => {
    expect([...new DataLoader(['a', 'b'], { batchSize: null })]).toEqual(['a', 'b'])
    expect([...new DataLoader([1, 2], { batchSize: null, collateFn: (s) => [s] })]).toEqual([[1], [2]])
    expect(new DataLoader(range(5), { batchSize: null }).length).toBe(5)
  })

  test('a custom Dataset, sampler and batchSampler', () => {
    class Squares extends Dataset<number> {
      get length() {
        return 5
      }
      getItem(i: number) {
        return i * i
      }
    }
    const sampler = [4, 0, 2]
    expect([...new DataLoader(new Squares(), { batchSize: 2, sampler, collateFn: asList })]).toEqual([[16, 0], [4]])
    const batchSampler = [[1, 2], [3]]
    expect([...new DataLoader(new Squares(), { batchSampler, collateFn: asList })]).toEqual([[1, 4], [9]])
  })

  test("torch's argument errors", () => {
    expect(() => new DataLoader(range(3), { shuffle: true, sampler: [0] })).toThrow(
      'sampler option is mutually exclusive with shuffle',
    )
    expect(() => new DataLoader(range(3), { batchSampler: [[0]], batchSize: 2 })).toThrow(
      'batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last',
    )
    expect(() => new DataLoader(range(3), { batchSize: null, dropLast: true })).toThrow(
      'batch_size=None option disables auto-batching and is mutually exclusive with drop_last',
    )
    expect(() => new DataLoader(range(3), { batchSize: 0 })).toThrow(
      'batch_size should be a positive integer value, but got batch_size=0',
    )
    class Batches {
      *[Symbol.iterator]() {
        yield [0]
      }
    }
    expect(() => new DataLoader(range(3), { batchSampler: new Batches() }).length).toThrow(
      "object of type 'Batches' has no len()",
    )
    expect(() => new RandomSampler([])).toThrow('num_samples should be a positive integer value, but got num_samples=0')
    expect(() => new RandomSampler(range(3), { replacement: 1 as unknown as boolean })).toThrow(
      'replacement should be a boolean value, but got replacement=1',
    )
  })

  test('samplers on their own', () => {
    expect([...new SequentialSampler(range(4))]).toEqual([0, 1, 2, 3])
    expect([...new BatchSampler(new SequentialSampler(range(5)), 2, false)]).toEqual([[0, 1], [2, 3], [4]])
    expect(new BatchSampler(new SequentialSampler(range(5)), 2, true).length).toBe(2)
    const a = [...new RandomSampler(range(6), { generator: new Generator().manualSeed(1), numSamples: 14 })]
    expect(a).toHaveLength(14)
    // numSamples beyond n chains whole permutations.
    expect(a.slice(0, 6).sort()).toEqual(range(6))
    expect(a.slice(6, 12).sort()).toEqual(range(6))
    const r = [...new RandomSampler(range(3), { replacement: true, numSamples: 40, generator: new Generator().manualSeed(2) })]
    expect(r).toHaveLength(40)
    expect(r.every((i) => i >= 0 && i < 3)).toBe(true)
  })
})

describe('DataLoader laws', () => {
  const arbLoader = fc.record({
    n: fc.integer({ min: 1, max: 200 }),
    batchSize: fc.integer({ min: 1, max: 40 }),
    dropLast: fc.boolean(),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  })

  test.prop([arbLoader], { numRuns: 60 })(
    'each epoch yields every index exactly once (all but the dropped tail with dropLast)',
    ({ n, batchSize, dropLast, seed }) => {
      const loader = new DataLoader(range(n), {
        batchSize,
        dropLast,
        shuffle: true,
        generator: new Generator().manualSeed(seed),
        collateFn: asList,
      })
      for (let e = 0; e < 2; e++) {
        const batches = [...loader]
        expect(batches).toHaveLength(loader.length)
        const full = Math.floor(n / batchSize)
        const rest = n % batchSize
        expect(batches.length).toBe(dropLast || rest === 0 ? full : full + 1)
        batches.forEach((b, k) => {
          expect(b.length).toBe(k < full ? batchSize : rest)
        })
        const seen = batches.flat()
        expect(new Set(seen).size).toBe(seen.length)
        if (!dropLast) expect([...seen].sort((a, b) => a - b)).toEqual(range(n))
        else expect(seen.length).toBe(full * batchSize)
      }
    },
  )

  test.prop([arbLoader], { numRuns: 40 })('a seed reproduces the shuffles; epochs differ', ({ n, batchSize, seed }) => {
    const make = () =>
      new DataLoader(range(n), { batchSize, shuffle: true, generator: new Generator().manualSeed(seed), collateFn: asList })
    const a = epochs(make(), 2)
    expect(epochs(make(), 2)).toEqual(a)
    if (n >= 8) expect(a[1]).not.toEqual(a[0])
  })

  test.prop([fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 9 })], { numRuns: 40 })(
    'without shuffle the order is 0..n-1',
    (n, batchSize) => {
      expect([...new DataLoader(range(n), { batchSize, collateFn: asList })].flat()).toEqual(range(n))
    },
  )
})

describe('TensorDataset', () => {
  const { tensorDataset } = fixture
  const x = new NDArray(Float32Array.from(tensorDataset.x.flat()), [7, 2], 'float32')
  const y = new NDArray(Float64Array.from(tensorDataset.y), [7], 'int64')

  test('samples are rows; batches are stacked rows, as torch gives them', () => {
    const ds = new TensorDataset(x, y)
    expect(ds.length).toBe(7)
    const [x3, y3] = ds.getItem(3)
    expect(x3.shape).toEqual([2])
    expect(Array.from(x3.data.subarray(x3.offset, x3.offset + 2))).toEqual([1.5, 1.75])
    expect(y3.shape).toEqual([])
    const loader = new DataLoader(ds, { batchSize: 3, shuffle: true, generator: new Generator().manualSeed(3) })
    const batches = [...loader]
    expect(batches.length).toBe(tensorDataset.batches.length)
    batches.forEach(([xb, yb], k) => {
      const [ex, ey] = tensorDataset.batches[k]!
      expect(xb).toBeInstanceOf(NDArray)
      expect(xb.dtype).toBe('float32')
      expect(xb.shape).toEqual([ex.length, 2])
      expect(Array.from(xb.data)).toEqual(ex.flat())
      expect(yb.dtype).toBe('int64')
      expect(Array.from(yb.data)).toEqual(ey)
    })
  })

  test('rejects tensors of different lengths', () => {
    expect(() => new TensorDataset(x, new NDArray(new Float64Array(3), [3], 'float64'))).toThrow(
      'Size mismatch between tensors',
    )
  })
})
