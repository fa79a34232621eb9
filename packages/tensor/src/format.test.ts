import { fc, test } from '@fast-check/vitest'
import { afterEach, expect } from 'vitest'
import { arange, array, scalar, zeros } from './creation.js'
import { format, pyExponential, pyFixed, setPrintOptions } from './format.js'
import { reshape } from './views.js'

afterEach(() => setPrintOptions({ profile: 'default' }))

test('pyFixed rounds exact ties to even, as Python does', () => {
  expect(pyFixed(0.03125, 4)).toBe('0.0312')
  expect(pyFixed(0.09375, 4)).toBe('0.0938')
  expect(pyFixed(2.5, 0)).toBe('2')
  expect(pyFixed(-0, 4)).toBe('-0.0000')
  expect(pyFixed(1e21, 1)).toBe('1000000000000000000000.0')
  expect(pyFixed(Number.NaN, 4)).toBe('nan')
})

test('pyExponential pads the exponent to two digits and rounds ties to even', () => {
  expect(pyExponential(1e-5, 4)).toBe('1.0000e-05')
  expect(pyExponential(123456789, 4)).toBe('1.2346e+08')
  expect(pyExponential(1.03125, 4)).toBe('1.0312e+00')
  expect(pyExponential(1e100, 2)).toBe('1.00e+100')
  expect(pyExponential(Number.NEGATIVE_INFINITY, 4)).toBe('-inf')
})

test.prop([fc.double({ min: -1e6, max: 1e6, noNaN: true })])('pyFixed agrees with toFixed away from exact ties', (x) => {
  const exact = Math.abs(x).toFixed(100).split('.')[1]!.slice(4)
  if (/^50*$/.test(exact)) return
  expect(pyFixed(x, 4)).toBe((Object.is(x, -0) ? '-' : '') + x.toFixed(4))
})

test('0-d, integer-valued, empty and float64 tensors', () => {
  expect(format(scalar(9))).toBe('tensor(9.)')
  expect(format(array([1, 2], { dtype: 'int64' }))).toBe('tensor([1, 2])')
  expect(format(zeros([0]))).toBe('tensor([])')
  expect(format(zeros([0], { dtype: 'int64' }))).toBe('tensor([], dtype=torch.int64)')
  expect(format(scalar(0.5, 'float64'))).toBe('tensor(0.5000, dtype=torch.float64)')
})

test('suffixes go after the dtype and wrap past 80 columns', () => {
  expect(format(array([1.5]), { suffixes: ['requires_grad=True'] })).toBe('tensor([1.5000], requires_grad=True)')
  // PyTorch's repr of torch.arange(0, 0.9, 0.1) with that grad_fn.
  expect(format(arange(0, 0.9, 0.1), { suffixes: ['grad_fn=<MulBackward0>'] })).toBe(
    'tensor([0.0000, 0.1000, 0.2000, 0.3000, 0.4000, 0.5000, 0.6000, 0.7000, 0.8000],\n       grad_fn=<MulBackward0>)',
  )
})

test('setPrintOptions changes precision and summarization, and the default profile restores them', () => {
  setPrintOptions({ precision: 2 })
  expect(format(array([1.12345]))).toBe('tensor([1.12])')
  setPrintOptions({ threshold: 5 })
  expect(format(arange(10))).toBe('tensor([0, 1, 2,  ..., 7, 8, 9])')
  setPrintOptions({ profile: 'default' })
  expect(format(array([1.12345]))).toBe('tensor([1.1235])')
})

test('summarization keeps the edge rows and columns of every dim, as PyTorch prints them', () => {
  setPrintOptions({ threshold: 5 })
  // torch.set_printoptions(threshold=5); torch.arange(80).reshape(8, 10)
  expect(format(reshape(arange(80), [8, 10]))).toBe(
    'tensor([[ 0,  1,  2,  ...,  7,  8,  9],\n        [10, 11, 12,  ..., 17, 18, 19],\n' +
      '        [20, 21, 22,  ..., 27, 28, 29],\n        ...,\n        [50, 51, 52,  ..., 57, 58, 59],\n' +
      '        [60, 61, 62,  ..., 67, 68, 69],\n        [70, 71, 72,  ..., 77, 78, 79]])',
  )
})
