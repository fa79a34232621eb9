import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { formatFixed, pyRepr } from './pyFormat.js'

describe('formatFixed', () => {
  test('rounds exact ties to even, as Python does', () => {
    expect(formatFixed(0.125, 2)).toBe('0.12')
    expect(formatFixed(0.375, 2)).toBe('0.38')
    expect(formatFixed(2.5, 0)).toBe('2')
    expect(formatFixed(3.5, 0)).toBe('4')
    expect(formatFixed(-0.125, 2)).toBe('-0.12')
  })
  test('keeps the sign of negative zero and of values that round to zero', () => {
    expect(formatFixed(-0, 3)).toBe('-0.000')
    expect(formatFixed(-0.0001, 3)).toBe('-0.000')
    expect(formatFixed(0, 2)).toBe('0.00')
  })
  test('formats the notebook values (float32 widened to double)', () => {
    expect(formatFixed(Math.fround(4.79999924), 8)).toBe('4.79999924')
    expect(formatFixed(1.2000000476837158, 3)).toBe('1.200')
    expect(formatFixed(Number.NaN, 3)).toBe('nan')
    expect(formatFixed(Number.POSITIVE_INFINITY, 3)).toBe('inf')
  })
  test.prop([fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 8 })])(
    'parses back to within half a unit of the last digit',
    (x, d) => {
      const s = formatFixed(x, d)
      expect(Math.abs(Number(s) - x)).toBeLessThanOrEqual(0.5 * 10 ** -d * (1 + 1e-9) + Math.abs(x) * 1e-15)
    },
  )
})

describe('pyRepr', () => {
  test('matches Python repr on examples', () => {
    expect(pyRepr(358.8021240234375)).toBe('358.8021240234375')
    expect(pyRepr(1e-5)).toBe('1e-05')
    expect(pyRepr(0.0001)).toBe('0.0001')
    expect(pyRepr(1.5e-7)).toBe('1.5e-07')
    expect(pyRepr(3)).toBe('3.0')
    expect(pyRepr(-0)).toBe('-0.0')
    expect(pyRepr(1e16)).toBe('1e+16')
    expect(pyRepr(1234567890123456.8)).toBe('1234567890123456.8')
    expect(pyRepr(2.5e100)).toBe('2.5e+100')
    expect(pyRepr(-12.5)).toBe('-12.5')
  })
  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])('round-trips', (x) => {
    expect(Object.is(Number(pyRepr(x)), x)).toBe(true)
  })
})
