import { loadFixture } from '@descent/test-utils'
import { fc, test } from '@fast-check/vitest'
import { NDArray, RandomState } from '@descent/tensor'
import { describe, expect } from 'vitest'
import { trainTestSplit, validateShuffleSplit } from './trainTestSplit.js'

interface Case {
  n: number
  options: { test_size?: number; train_size?: number; random_state?: number; shuffle?: boolean }
  train?: number[]
  test?: number[]
  error?: string
}
const { splits, errors } = loadFixture<{ splits: Case[]; errors: Case[] }>(import.meta.url, 'datasets_split')

const toOptions = (o: Case['options']) => ({
  testSize: o.test_size,
  trainSize: o.train_size,
  randomState: o.random_state,
  shuffle: o.shuffle,
})
const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe('trainTestSplit against scikit-learn 1.2', () => {
  test(`gives sklearn's rows in sklearn's order (${splits.length} cases)`, () => {
    for (const c of splits) {
      const run = () => trainTestSplit(range(c.n), toOptions(c.options))
      if (c.error !== undefined) expect(run, JSON.stringify(c)).toThrow(c.error)
      else expect(run(), JSON.stringify(c.options)).toEqual([c.train, c.test])
    }
  })

  test("throws sklearn's errors with sklearn's words", () => {
    for (const c of errors) {
      // Python's 0.0 is a float; JS has one number type, so 0.0 is the integer 0 and reads "test_size=0".
      const expected = c.error!.replace('test_size=0.0 ', 'test_size=0 ')
      expect(() => trainTestSplit(range(c.n), toOptions(c.options)), JSON.stringify(c)).toThrow(expected)
    }
  })

  test("the notebook's split: 50 points, testSize 0.3, randomState 42", () => {
    const c = splits[0]!
    const [train, test] = trainTestSplit(range(50), { testSize: 0.3, randomState: 42 })
    expect(train).toHaveLength(35)
    expect(test).toHaveLength(15)
    expect(test).toEqual(c.test)
  })
})

describe('trainTestSplit inputs and outputs', () => {
  test('splits every array by the same rows, as [aTrain, aTest, bTrain, bTest]', () => {
    const x = new NDArray(Float64Array.from(range(20), (i) => i / 2), [10, 2], 'float64')
    const y = range(10).map((i) => `row${i}`)
    const [xTrain, xTest, yTrain, yTest] = trainTestSplit(x, y, { testSize: 3, randomState: 0 })
    const [iTrain, iTest] = trainTestSplit(range(10), { testSize: 3, randomState: 0 })
    expect(xTrain.shape).toEqual([7, 2])
    expect(xTest.shape).toEqual([3, 2])
    expect(Array.from(xTest.data)).toEqual(iTest.flatMap((i) => [i, i + 0.5]))
    expect(Array.from(xTrain.data)).toEqual(iTrain.flatMap((i) => [i, i + 0.5]))
    expect(yTrain).toEqual(iTrain.map((i) => `row${i}`))
    expect(yTest).toEqual(iTest.map((i) => `row${i}`))
  })

  test('reads strided views and keeps dtypes', () => {
    // Column 1 of a [4, 3] int64 array: a non-contiguous view.
    const base = new NDArray(Float64Array.from(range(12)), [4, 3], 'int64')
    const col = new NDArray(base.data, [4], 'int64', [3], 1)
    const [train, test] = trainTestSplit(col, { testSize: 0.5, shuffle: false })
    expect(train.dtype).toBe('int64')
    expect(Array.from(train.data)).toEqual([1, 4])
    expect(Array.from(test.data)).toEqual([7, 10])
  })

  test('a RandomState is drawn from and advanced, like check_random_state', () => {
    const rs = new RandomState(42)
    const first = trainTestSplit(range(20), { randomState: rs })
    const second = trainTestSplit(range(20), { randomState: rs })
    expect(first).toEqual(trainTestSplit(range(20), { randomState: 42 }))
    expect(second).not.toEqual(first)
  })

  test('argument errors', () => {
    expect(() => trainTestSplit()).toThrow('At least one array required as input')
    expect(() => trainTestSplit(range(10), range(3))).toThrow(
      'Found input variables with inconsistent numbers of samples: [10, 3]',
    )
    expect(() => trainTestSplit(range(10), { randomState: 1.5 })).toThrow(
      '1.5 cannot be used to seed a numpy.random.RandomState instance',
    )
    expect(() => trainTestSplit(range(10), { testSize: Number.NaN })).toThrow('cannot convert float NaN to integer')
    expect(() => trainTestSplit(range(10), { testSize: 'a' as unknown as number })).toThrow(
      'Invalid value for test_size: a',
    )
    expect(() => trainTestSplit(new NDArray(new Float64Array(1), [], 'float64'))).toThrow(
      /cannot be considered a valid collection/,
    )
  })

  test('Python float formatting in messages', () => {
    expect(() => validateShuffleSplit(10, 1e-5 - 1, null)).toThrow('test_size=-0.99999 should be')
    expect(() => validateShuffleSplit(10, -1e-5, null)).toThrow('test_size=-1e-05 should be')
    expect(() => validateShuffleSplit(10, null, 2.5e20)).toThrow('train_size=2.5e+20 should be')
  })
})

describe('trainTestSplit laws', () => {
  const arbSplit = fc
    .integer({ min: 2, max: 300 })
    .chain((n) =>
      fc.record({
        n: fc.constant(n),
        testSize: fc.oneof(fc.integer({ min: 1, max: n - 1 }), fc.double({ min: 0.01, max: 0.99, noNaN: true })),
        randomState: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      }),
    )

  test.prop([arbSplit], { numRuns: 100 })('train and test partition the rows, with sklearn\'s sizes', ({ n, testSize, randomState }) => {
    let result: number[][]
    try {
      result = trainTestSplit(range(n), { testSize, randomState })
    } catch (e) {
      // Only an empty train set may be refused here.
      expect((e as Error).message).toMatch(/resulting train set will be empty/)
      return
    }
    const [train, test] = result as [number[], number[]]
    const nTest = Number.isInteger(testSize) ? testSize : Math.ceil(testSize * n)
    expect(test).toHaveLength(nTest)
    expect(train).toHaveLength(n - nTest)
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(range(n))
  })

  test.prop([arbSplit], { numRuns: 50 })('the same seed gives the same split', ({ n, randomState }) => {
    expect(trainTestSplit(range(n), { randomState })).toEqual(trainTestSplit(range(n), { randomState }))
  })

  test.prop([fc.integer({ min: 2, max: 100 }), fc.double({ min: 0.01, max: 0.99, noNaN: true })], { numRuns: 50 })(
    'shuffle: false keeps the order: train is the head, test the rows after it',
    (n, trainSize) => {
      const nTrain = Math.floor(trainSize * n)
      fc.pre(nTrain > 0)
      const [train, test] = trainTestSplit(range(n), { trainSize, shuffle: false })
      expect(train).toEqual(range(nTrain))
      expect(test).toEqual(range(n - nTrain).map((i) => i + nTrain))
    },
  )
})
