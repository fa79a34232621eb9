import { arbArrayOfShape } from '@descent/test-utils'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import type { NDArray } from '../NDArray.js'
import { array, full, zeros } from '../creation.js'
import { reshape, t, transpose } from '../views.js'
import { add } from './binary.js'
import { addmm, dot, matmul } from './linalg.js'
import { tolist } from './read.js'

function naiveMatmul(a: NDArray, b: NDArray, n: number, k: number, m: number): number[] {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0
      for (let l = 0; l < k; l++) s += a.data[i * k + l]! * b.data[l * m + j]!
      out.push(s)
    }
  }
  return out
}

const dims = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 5 }))

describe('matmul', () => {
  test.prop([dims.chain(([n, k, m]) => fc.tuple(arbArrayOfShape([n, k], { dtype: 'float64' }), arbArrayOfShape([k, m], { dtype: 'float64' })))])(
    '2-D matmul equals a naive triple loop',
    ([a, b]) => {
      const [n, k] = a.shape as [number, number]
      const m = b.shape[1]!
      const got = Array.from(matmul(a, b).data)
      naiveMatmul(a, b, n, k, m).forEach((e, i) => {
        expect(got[i]).toBeCloseTo(e, 10)
      })
    },
  )

  test.prop([arbArrayOfShape([3, 1]), arbArrayOfShape([1, 2])])('float32 with K = 1 is each product rounded once', (a, b) => {
    const got = matmul(a, b)
    expect(got.dtype).toBe('float32')
    naiveMatmul(a, b, 3, 1, 2).forEach((e, i) => {
      expect(got.data[i]).toBe(Math.fround(e))
    })
  })

  test.prop([dims.chain(([n, k, m]) => fc.tuple(arbArrayOfShape([n, k]), arbArrayOfShape([k, m]), fc.constant(k)))])(
    'float32 results lie within the summation error bound of the exact product',
    ([a, b, k]) => {
      const [n] = a.shape as [number]
      const m = b.shape[1]!
      const got = matmul(a, b)
      const exact = naiveMatmul(a, b, n, k, m)
      const absA = array(Array.from(a.data, Math.abs)).data
      const absB = array(Array.from(b.data, Math.abs)).data
      const mag = naiveMatmul({ data: absA } as NDArray, { data: absB } as NDArray, n, k, m)
      exact.forEach((e, i) => {
        // k roundings of at most half an ulp of a partial sum bounded by sum |a||b| (or half the subnormal step).
        const bound = (k + 1) * (2 ** -24 * mag[i]! + 2 ** -150) * 1.0001
        expect(Math.abs(got.data[i]! - e)).toBeLessThanOrEqual(bound)
      })
    },
  )

  test.prop([fc.array(fc.integer({ min: -64, max: 64 }), { minLength: 12, maxLength: 12 })])(
    'small integers sum exactly in any order, so every path agrees',
    (v) => {
      const a = array(v.slice(0, 6), { dtype: 'float32' })
      const m = reshape(array(v, { dtype: 'float32' }), [2, 6])
      const want = v.slice(0, 6).reduce((s, x, i) => s + x * v[i]!, 0)
      const second = v.slice(6).reduce((s, x, i) => s + x * v[i]!, 0)
      expect(tolist(dot(a, a))).toBe(want)
      expect(tolist(matmul(m, a))).toEqual([want, second])
      expect(tolist(matmul(reshape(m, [1, 2, 6]), reshape(a, [1, 6, 1])))).toEqual([[[want], [second]]])
    },
  )

  test('mm chains fused multiply-adds like OpenBLAS sgemm; small bmm rounds each product like aten', () => {
    // (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24: an FMA keeps the 2^-24 that a rounded product loses to a tie.
    const a = array([[-1, 1 + 2 ** -12]], { dtype: 'float32' })
    const b = array([[1 + 2 ** -11], [1 + 2 ** -12]], { dtype: 'float32' })
    expect(tolist(matmul(a, b))).toEqual([[2 ** -24]])
    expect(tolist(matmul(reshape(a, [1, 1, 2]), reshape(b, [1, 2, 1])))).toEqual([[[0]]])
  })

  test.prop([arbArrayOfShape([2, 3, 4], { dtype: 'float64' }), arbArrayOfShape([4, 2], { dtype: 'float64' })])(
    'batched matmul is a matmul per batch and reads transposed views',
    (a, b) => {
      const got = matmul(a, b)
      expect(got.shape).toEqual([2, 3, 2])
      const bt = transpose(t(b), 0, 1)
      expect(tolist(matmul(a, bt))).toEqual(tolist(got))
    },
  )

  test('1-D rules', () => {
    const m = array([[1, 2], [3, 4]])
    expect(tolist(matmul(array([1, 1]), m))).toEqual([4, 6])
    expect(tolist(matmul(m, array([1, 1])))).toEqual([3, 7])
    expect(tolist(matmul(array([1, 2]), array([3, 4])))).toBe(11)
    expect(matmul(zeros([5, 1, 2, 3]), zeros([4, 3, 2])).shape).toEqual([5, 4, 2, 2])
    expect(matmul(zeros([2, 3]), zeros([2, 3, 4])).shape).toEqual([2, 2, 4])
    expect(matmul(zeros([3]), zeros([2, 3, 4])).shape).toEqual([2, 4])
  })

  test('int64 matmul is exact', () => {
    const a = array([1, 2, 3], { dtype: 'int64' })
    expect(tolist(matmul(a, a))).toBe(14)
  })

  test('errors', () => {
    expect(() => matmul(zeros([2, 3]), zeros([2, 3]))).toThrow('mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)')
    expect(() => matmul(zeros([3]), zeros([4, 5]))).toThrow('mat1 and mat2 shapes cannot be multiplied (1x3 and 4x5)')
    expect(() => matmul(zeros([2, 3]), zeros([4]))).toThrow('size mismatch, got 2, 2x3,4')
    expect(() => matmul(zeros([2, 2, 3]), zeros([2, 4, 5]))).toThrow(
      'Expected size for first two dimensions of batch2 tensor to be: [2, 3] but got: [2, 4].',
    )
    expect(() => matmul(zeros([2, 2, 3]), zeros([4]))).toThrow('size mismatch, got 4, 4x3,4')
    expect(() => matmul(zeros([3]), zeros([2, 4, 5]))).toThrow('size mismatch, got 10, 10x4,3')
    expect(() => matmul(zeros([2, 3]), zeros([3, 2], { dtype: 'float64' }))).toThrow(
      'expected scalar type Float but found Double',
    )
    expect(() => matmul(zeros([]), zeros([3]))).toThrow(
      'both arguments to matmul need to be at least 1D, but they are 0D and 1D',
    )
  })
})

describe('addmm', () => {
  test.prop([dims.chain(([n, k, m]) => fc.tuple(arbArrayOfShape([m]), arbArrayOfShape([n, k]), arbArrayOfShape([k, m])))])(
    'equals matmul then add while K fits one BLAS block',
    ([bias, a, b]) => {
      expect(tolist(addmm(bias, a, b))).toEqual(tolist(add(matmul(a, b), bias)))
    },
  )

  test('adds the bias before the K blocks, as sgemm does with beta = 1', () => {
    // 2 x 700 x 800 takes the blocked kernel: K = 700 splits into 320 + 190 + 190 products of 1.5 * 2^-24, so the
    // block sums are 480, 285 and 285 units of 2^-24. From a bias of 1 the two 285s each land on a tie (half of
    // 1's ulp 2^-23) and round to even: 1 + 524 * 2^-23. matmul sums 1050 * 2^-24 exactly first: 1 + 525 * 2^-23.
    const a = full([2, 700], 1, { dtype: 'float32' })
    const b = full([700, 800], 1.5 * 2 ** -24, { dtype: 'float32' })
    const bias = full([800], 1, { dtype: 'float32' })
    expect(addmm(bias, a, b).data[0]).toBe(1 + 524 * 2 ** -23)
    expect(add(matmul(a, b), bias).data[0]).toBe(1 + 525 * 2 ** -23)
  })

  test('errors', () => {
    expect(() => addmm(zeros([2]), zeros([3]), zeros([3, 2]))).toThrow('mat1 must be a matrix, got 1-D tensor')
    expect(() => addmm(zeros([2]), zeros([2, 2]), zeros([2]))).toThrow('mat2 must be a matrix, got 1-D tensor')
    expect(() => addmm(zeros([2]), zeros([2, 3]), zeros([2, 3]))).toThrow(
      'mat1 and mat2 shapes cannot be multiplied (2x3 and 2x3)',
    )
    expect(() => addmm(zeros([2], { dtype: 'float64' }), zeros([2, 2]), zeros([2, 2]))).toThrow(
      'self and mat2 must have the same dtype',
    )
    expect(() => addmm(zeros([3]), zeros([2, 2]), zeros([2, 2]))).toThrow(
      'The expanded size of the tensor (2) must match the existing size (3) at non-singleton dimension 1.',
    )
  })
})

describe('dot', () => {
  test('errors', () => {
    expect(() => dot(zeros([3]), zeros([4]))).toThrow(
      'inconsistent tensor size, expected tensor [3] and src [4] to have the same number of elements, but got 3 and 4 elements respectively',
    )
    expect(() => dot(zeros([3]), zeros([3, 1]))).toThrow('1D tensors expected, but got 1D and 2D tensors')
    expect(() => dot(zeros([3]), zeros([3], { dtype: 'float64' }))).toThrow(
      'dot : expected both vectors to have same dtype, but found Float and Double',
    )
  })

  test('sums its last n % 32 products in a double, like OpenBLAS sdot', () => {
    // In float32, 1 + 2^-24 rounds back to 1 (a tie, to even); in a double both 2^-24 survive.
    const x = array([1, 2 ** -24, 2 ** -24], { dtype: 'float32' })
    const ones = array([1, 1, 1], { dtype: 'float32' })
    expect(tolist(dot(x, ones))).toBe(1 + 2 ** -23)
    expect(tolist(matmul(reshape(x, [1, 3]), reshape(ones, [3, 1])))).toEqual([[1]])
  })

  test('of empty vectors is 0', () => {
    expect(tolist(dot(zeros([0]), zeros([0])))).toBe(0)
  })
})
