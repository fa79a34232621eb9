import { expect, test } from 'vitest'
import { array, scalar, zeros } from './creation.js'
import { cast, promoteTypes, resultType } from './dtype.js'
import { tolist } from './ops/read.js'

test('dimensioned tensors outrank 0-d tensors and scalars of the same category', () => {
  expect(resultType(zeros([2]), scalar(1, 'float64'))).toBe('float32')
  expect(resultType(zeros([2]), 2.5)).toBe('float32')
  expect(resultType(zeros([2], { dtype: 'float64' }), 2.5)).toBe('float64')
  expect(resultType(zeros([2], { dtype: 'int64' }), 3)).toBe('int64')
})

test('a lower-priority operand of a higher category promotes', () => {
  expect(resultType(zeros([2], { dtype: 'int64' }), 2.5)).toBe('float32')
  expect(resultType(zeros([2], { dtype: 'int64' }), scalar(1, 'float64'))).toBe('float64')
  expect(resultType(zeros([2], { dtype: 'bool' }), 1)).toBe('int64')
  expect(resultType(scalar(1, 'int64'), 2.5)).toBe('float32')
  expect(resultType(scalar(1, 'float64'), 2.5)).toBe('float64')
})

test('promoteTypes orders bool < int64 < float32 < float64', () => {
  expect(promoteTypes('bool', 'int64')).toBe('int64')
  expect(promoteTypes('int64', 'float32')).toBe('float32')
  expect(promoteTypes('float64', 'float32')).toBe('float64')
})

test('cast truncates to int64 and tests nonzero for bool (NaN is true)', () => {
  expect(tolist(cast(array([1.7, -2.7, -0.2]), 'int64'))).toEqual([1, -2, 0])
  expect(tolist(cast(array([0, 2, Number.NaN]), 'bool'))).toEqual([false, true, true])
  expect(Array.from(cast(array([0.1], { dtype: 'float64' }), 'float32').data)).toEqual([Math.fround(0.1)])
})

test('cast to the same dtype returns the input', () => {
  const a = array([1, 2])
  expect(cast(a, 'float32')).toBe(a)
})
