import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { median, summarise } from './summary.js'

const result = (peer: string, value: number, check = 2, workload = 'loop-scalar') => ({
  peer,
  workload,
  value,
  unit: 'µs/iter',
  check,
})

describe('median', () => {
  test('is the middle value of an odd count, the mean of the two middle values of an even one', () => {
    expect(median([3])).toBe(3)
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    // The README's ten loop-scalar processes: (1.61 + 1.65) / 2.
    expect(median([1.9, 1.33, 2.94, 1.34, 1.61, 2.43, 1.35, 1.68, 1.5, 1.65])).toBeCloseTo(1.63, 12)
    expect(median([])).toBeNaN()
  })

  test.prop([fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 21 })])(
    'leaves as many values at or below it as at or above it, and does not depend on their order',
    (values) => {
      const m = median(values)
      expect(values.filter((v) => v <= m).length).toBeGreaterThanOrEqual(values.length / 2)
      expect(values.filter((v) => v >= m).length).toBeGreaterThanOrEqual(values.length / 2)
      // === rather than toBe: 0 and -0 tie in the sort, and either may come out.
      expect(median([...values].reverse()) === m).toBe(true)
      expect(Math.min(...values) <= m && m <= Math.max(...values)).toBe(true)
    },
  )
})

describe('summarise', () => {
  test('groups by peer and result name, in the order the pairs first came', () => {
    const s = summarise([
      result('descent', 3),
      result('pytorch', 60),
      result('descent', 1),
      result('descent', 2, 2, 'scalar-graph'),
      result('pytorch', 70),
      result('descent', 2),
    ])
    expect(s.map((x) => [x.peer, x.workload, x.values, x.median, x.min, x.max, x.checks])).toEqual([
      ['descent', 'loop-scalar', [3, 1, 2], 2, 1, 3, [2]],
      ['pytorch', 'loop-scalar', [60, 70], 65, 60, 70, [2]],
      ['descent', 'scalar-graph', [2], 2, 2, 2, [2]],
    ])
    expect(s[0].unit).toBe('µs/iter')
  })

  test('keeps every distinct check, in the order they came', () => {
    const s = summarise([result('descent', 1, 2), result('descent', 1, 1.5), result('descent', 1, 2)])
    expect(s[0].checks).toEqual([2, 1.5])
  })

  test('gives one process its own value as median, min and max', () => {
    const [s] = summarise([result('tfjs-cpu', 52.5, 2)])
    expect([s.values, s.median, s.min, s.max, s.checks]).toEqual([[52.5], 52.5, 52.5, 52.5, [2]])
  })
})
