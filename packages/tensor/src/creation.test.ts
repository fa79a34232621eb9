import { expect, test } from 'vitest'
import { array, arange, empty, eye, full, fullLike, linspace, ones, onesLike, scalar, zeros, zerosLike } from './creation.js'
import { tolist } from './ops/read.js'

test('array infers the shape of nested arrays and defaults numbers to float32', () => {
  const a = array([[1, 2, 3], [4, 5, 6]])
  expect(a.shape).toEqual([2, 3])
  expect(a.dtype).toBe('float32')
  expect(a.data).toBeInstanceOf(Float32Array)
  expect(tolist(a)).toEqual([[1, 2, 3], [4, 5, 6]])
})

test('array stores float32 values rounded', () => {
  expect(array([0.1]).data[0]).toBe(Math.fround(0.1))
  expect(array([0.1], { dtype: 'float64' }).data[0]).toBe(0.1)
})

test('array of booleans is bool; typed arrays keep their type', () => {
  expect(array([true, false]).dtype).toBe('bool')
  expect(array(new Float64Array([1, 2])).dtype).toBe('float64')
  expect(array(new Int32Array([1, 2])).dtype).toBe('int64')
  expect(array(new Float32Array([1, 2]), { dtype: 'int64' }).dtype).toBe('int64')
})

test('array of a number is 0-d; empty arrays have shape [0]', () => {
  expect(array(3).shape).toEqual([])
  expect(array([]).shape).toEqual([0])
  expect(array([[], []]).shape).toEqual([2, 0])
})

test('ragged arrays throw PyTorch ValueError', () => {
  expect(() => array([[1, 2], [3]])).toThrow('expected sequence of length 2 at dim 1 (got 1)')
})

test('int64 arrays truncate', () => {
  expect(tolist(array([1.9, -1.9], { dtype: 'int64' }))).toEqual([1, -1])
})

test('scalar, zeros, ones, full, empty and the like forms', () => {
  expect(scalar(9).shape).toEqual([])
  expect(scalar(true).dtype).toBe('bool')
  expect(tolist(zeros([2]))).toEqual([0, 0])
  expect(tolist(ones([2], { dtype: 'int64' }))).toEqual([1, 1])
  expect(tolist(full([2, 1], 7))).toEqual([[7], [7]])
  expect(empty([0, 3]).size).toBe(0)
  const a = full([2], 3, { dtype: 'float64' })
  expect(zerosLike(a).dtype).toBe('float64')
  expect(tolist(onesLike(a, { dtype: 'bool' }))).toEqual([true, true])
  expect(tolist(fullLike(a, 2))).toEqual([2, 2])
})

test('a negative dimension throws', () => {
  expect(() => zeros([-1])).toThrow('Trying to create tensor with negative dimension -1: [-1]')
})

test('arange follows torch: int64 for integer arguments, ceil((end - start) / step) elements', () => {
  const a = arange(5)
  expect(a.dtype).toBe('int64')
  expect(tolist(a)).toEqual([0, 1, 2, 3, 4])
  expect(arange(0, 1, 0.02).size).toBe(50)
  expect(arange(0, 1, 0.02).dtype).toBe('float32')
  expect(tolist(arange(5, 0, -2))).toEqual([5, 3, 1])
  expect(tolist(arange(0, 1, 0.25))).toEqual([0, 0.25, 0.5, 0.75])
})

test('arange errors are PyTorch errors', () => {
  expect(() => arange(0, 1, 0)).toThrow('step must be nonzero')
  expect(() => arange(1, 0, 1)).toThrow('upper bound and larger bound inconsistent with step sign')
})

test('linspace includes both ends', () => {
  expect(tolist(linspace(0, 1, 5))).toEqual([0, 0.25, 0.5, 0.75, 1])
  expect(tolist(linspace(2, 3, 1))).toEqual([2])
  expect(linspace(0, 1, 0).size).toBe(0)
  expect(() => linspace(0, 1, -1)).toThrow('number of steps must be non-negative')
})

test('eye is the identity, rectangular when asked', () => {
  expect(tolist(eye(2))).toEqual([[1, 0], [0, 1]])
  expect(tolist(eye(2, 3))).toEqual([[1, 0, 0], [0, 1, 0]])
  expect(() => eye(-1)).toThrow('n must be greater or equal to 0, got -1')
})
