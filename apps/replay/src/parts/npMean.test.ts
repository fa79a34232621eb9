import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { cases } from '../fixtures.js'
import { npMean } from './npMean.js'

test('equals np.mean bit for bit on lists of 1 to 1000 floats (oracle)', () => {
  const data = cases['np_mean'] as [number[], number][]
  expect(data.length).toBeGreaterThan(10)
  for (const [values, mean] of data) expect(npMean(values)).toBe(mean)
})

test('is NaN on an empty list, as np.mean warns and returns nan', () => {
  expect(npMean([])).toBeNaN()
})

test.prop([fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 })])(
  'lies between the smallest and largest value',
  (values) => {
    const m = npMean(values)
    expect(m).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9)
    expect(m).toBeLessThanOrEqual(Math.max(...values) + 1e-9)
  },
)
