import { arbArrayOfShape } from '@descent/test-utils'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import type { NDArray } from '../NDArray.js'
import { array, zeros } from '../creation.js'
import { t, transpose } from '../views.js'
import { dot, matmul } from './linalg.js'
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

  test.prop([arbArrayOfShape([3, 4]), arbArrayOfShape([4, 2])])('float32 results are the rounded double result', (a, b) => {
    const got = matmul(a, b)
    expect(got.dtype).toBe('float32')
    naiveMatmul(a, b, 3, 4, 2).forEach((e, i) => {
        expect(got.data[i]).toBe(Math.fround(e))
      })
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

  test('of empty vectors is 0', () => {
    expect(tolist(dot(zeros([0]), zeros([0])))).toBe(0)
  })
})
