import { arbArray, arbArrayOfShape, arbShape } from '@descent/test-utils'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { NDArray } from '../NDArray.js'
import { backend } from '../backend/index.js'
import { array, zeros } from '../creation.js'
import { argmax, argmin, logsumexp, max, mean, min, std, sum, variance } from './reduce.js'
import { tolist } from './read.js'
import { permute } from '../views.js'

/** Naive reference: reduces dims of a contiguous array with `f` over the reduced elements (row-major order). */
function naive(a: NDArray, dims: number[], f: (xs: number[]) => number): number[] {
  const shape = a.shape
  const keptDims = shape.map((_, i) => i).filter((i) => !dims.includes(i))
  const groups = new Map<string, number[]>()
  const order: string[] = []
  const idx = new Array<number>(shape.length).fill(0)
  for (let flat = 0; flat < a.size; flat++) {
    let rem = flat
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = rem % shape[d]!
      rem = Math.floor(rem / shape[d]!)
    }
    const key = keptDims.map((d) => idx[d]).join(',')
    if (!groups.has(key)) {
      groups.set(key, [])
      order.push(key)
    }
    groups.get(key)!.push(a.data[flat]!)
  }
  return order.map((k) => f(groups.get(k)!))
}

const arbArrayAndDims = arbShape({ minRank: 1 }).chain((shape) =>
  fc.tuple(
    arbArrayOfShape(shape, { dtype: 'float64' }),
    fc.subarray(shape.map((_, i) => i), { minLength: 1 }),
  ),
)

describe('sum and mean', () => {
  test('examples with dim and keepdim', () => {
    const a = array([[1, 2, 3], [4, 5, 6]])
    expect(tolist(sum(a))).toBe(21)
    expect(tolist(sum(a, 0))).toEqual([5, 7, 9])
    expect(tolist(sum(a, -1, true))).toEqual([[6], [15]])
    expect(tolist(sum(a, [0, 1]))).toBe(21)
    expect(tolist(mean(a, 1))).toEqual([2, 5])
  })

  test('bool and int64 sum to int64; mean needs floats', () => {
    expect(sum(array([true, true, false])).dtype).toBe('int64')
    expect(tolist(sum(array([true, true, false])))).toBe(2)
    expect(() => mean(array([1], { dtype: 'int64' }))).toThrow(
      'mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long',
    )
  })

  test('empty sums are 0 and empty means NaN', () => {
    expect(tolist(sum(zeros([0])))).toBe(0)
    expect(tolist(mean(zeros([0])))).toBe(Number.NaN)
    expect(tolist(sum(zeros([2, 0]), 1))).toEqual([0, 0])
  })

  test('bad dims throw PyTorch errors', () => {
    expect(() => sum(zeros([3]), 1)).toThrow('Dimension out of range (expected to be in range of [-1, 0], but got 1)')
    expect(() => sum(zeros([3]), [0, 0])).toThrow('dim 0 appears multiple times in the list of dims')
  })

  test.prop([arbArrayAndDims], { numRuns: 60 })('float64 sums equal naive loops', ([a, dims]) => {
    const expected = naive(a, dims, (xs) => xs.reduce((s, x) => s + x, 0))
    const got = Array.from(sum(a, dims).data)
    got.forEach((g, i) => {
        expect(g).toBeCloseTo(expected[i]!, 9)
      })
  })

  test.prop([arbArray({ minRank: 1, maxDim: 6 })], { numRuns: 40 })('sums of permuted views equal sums of the original', (a) => {
    const perm = a.shape.map((_, i) => i).reverse()
    expect(tolist(sum(permute(a, perm)))).toBeCloseTo(tolist(sum(a)) as number, 3)
  })

  test('float32 sums add in the order PyTorch adds, not sequentially', () => {
    // Values printed by torch.full((n,), 0.1).sum().item() in PyTorch 1.13.
    expect(sum(array(new Float32Array(10).fill(0.1))).data[0]).toBe(1.0000001192092896)
    expect(sum(array(new Float32Array(1000).fill(0.1))).data[0]).toBe(100.00000762939453)
    // A sequential float32 loop drifts much further: 99.9990463256836.
    let s = 0
    for (let i = 0; i < 1000; i++) s = Math.fround(s + Math.fround(0.1))
    expect(s).toBe(99.9990463256836)
  })
})

describe('max, min, argmax, argmin', () => {
  test('examples', () => {
    const a = array([[1, 5, 5], [7, 2, 0]])
    expect(tolist(max(a))).toBe(7)
    expect(tolist(min(a, 1))).toEqual([1, 0])
    expect(tolist(argmax(a))).toBe(3)
    expect(tolist(argmax(a, 1))).toEqual([1, 0])
    expect(tolist(argmin(a, 0, true))).toEqual([[0, 1, 1]])
  })

  test('NaN wins max and argmax', () => {
    const a = array([1, Number.NaN, 3, Number.NaN])
    expect(tolist(max(a))).toBe(Number.NaN)
    expect(tolist(argmax(a))).toBe(1)
    expect(tolist(min(a))).toBe(Number.NaN)
  })

  test('empty inputs throw PyTorch errors', () => {
    expect(() => max(zeros([0]))).toThrow(
      "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
    )
    expect(() => argmax(zeros([0]))).toThrow('argmax(): Expected reduction dim to be specified for input.numel() == 0.')
    expect(() => max(zeros([2, 0]), 1)).toThrow('max(): Expected reduction dim 1 to have non-zero size.')
  })

  // +0 normalizes -0: which of two equal zeros wins is not part of the contract.
  const plus0 = (xs: Iterable<number>) => Array.from(xs, (x) => x + 0)
  test.prop([arbArrayAndDims], { numRuns: 60 })('max and min equal naive loops', ([a, dims]) => {
    expect(plus0(max(a, dims).data)).toEqual(plus0(naive(a, dims, (xs) => Math.max(...xs))))
    expect(plus0(min(a, dims).data)).toEqual(plus0(naive(a, dims, (xs) => Math.min(...xs))))
  })

  test.prop([arbArrayOfShape([3, 5])])('argmax indexes the first maximum', (a) => {
    const idx = argmax(a, 1)
    for (let r = 0; r < 3; r++) {
      const row = Array.from(a.data.slice(r * 5, r * 5 + 5))
      expect(idx.data[r]).toBe(row.indexOf(Math.max(...row)))
    }
  })
})

describe('variance and std', () => {
  test('examples', () => {
    const a = array([1, 2, 3, 4])
    expect(tolist(variance(a))).toBeCloseTo(5 / 3, 6)
    expect(tolist(variance(a, 0, { correction: 0 }))).toBe(1.25)
    expect(tolist(std(array([[1, 2], [3, 5]]), 1, { keepdim: true }))).toEqual([
      [Math.fround(Math.SQRT1_2)],
      [Math.fround(Math.SQRT2)],
    ])
  })

  test('one element with correction 1 is NaN; integers throw', () => {
    expect(tolist(variance(array([3])))).toBe(Number.NaN)
    expect(() => variance(array([1], { dtype: 'int64' }))).toThrow('std and var only support floating point and complex dtypes')
  })

  test.prop([arbArrayAndDims], { numRuns: 60 })('variance equals the naive two-pass formula', ([a, dims]) => {
    const expected = naive(a, dims, (xs) => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length
      return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)
    })
    Array.from(variance(a, dims).data).forEach((g, i) => {
      if (Number.isNaN(expected[i]!)) expect(g).toBeNaN()
      else expect(g).toBeCloseTo(expected[i]!, 8)
    })
  })
})

describe('logsumexp', () => {
  test('is stable for large inputs and handles -inf rows', () => {
    expect(tolist(logsumexp(array([1000, 1000]), 0))).toBeCloseTo(1000 + Math.LN2, 3)
    expect(tolist(logsumexp(array([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY]), 0))).toBe(
      Number.NEGATIVE_INFINITY,
    )
    expect(tolist(logsumexp(array([[0, 0]]), 1, true))).toEqual([[Math.fround(Math.LN2)]])
  })

  test.prop([arbArrayOfShape([3, 4], { dtype: 'float64' })])('equals log(sum(exp))', (a) => {
    const expected = naive(a, [1], (xs) => Math.log(xs.reduce((s, x) => s + Math.exp(x), 0)))
    Array.from(logsumexp(a, 1).data).forEach((g, i) => {
        expect(g).toBeCloseTo(expected[i]!, 10)
      })
  })
})

describe('full sums and means of a few contiguous floats (the short row taken without the general reduction)', () => {
  test.prop([fc.float32Array({ minLength: 0, maxLength: 12 }), fc.nat(3), fc.boolean()], { numRuns: 200 })(
    "equal the backend's reduction bit for bit, offsets and float64 included",
    (v, at, f64) => {
      const dtype = f64 ? 'float64' : 'float32'
      const storage = f64 ? new Float64Array(v.length + at) : new Float32Array(v.length + at)
      storage.set(v, at)
      const a = new NDArray(storage, [v.length], dtype, [1], at)
      const viaBackend = (op: 'sum' | 'mean') => {
        const out = new NDArray(f64 ? new Float64Array(1) : new Float32Array(1), [1], dtype)
        backend.reduce('sum', a, [0], out)
        if (op === 'mean') out.data[0] = out.data[0]! / v.length
        return out.data[0]!
      }
      for (const op of ['sum', 'mean'] as const) {
        const got = (op === 'sum' ? sum(a) : mean(a)).data[0]!
        const want = viaBackend(op)
        expect(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want))).toBe(true)
      }
    },
  )
})
