import { fc, test } from '@fast-check/vitest'
import { NDArray, toTypedArray } from '@descent/tensor'
import { describe, expect } from 'vitest'
import { row, stack, takeRows } from './rows.js'

// A [rows, cols] float64 array and its transpose as a strided view of the same storage.
const arbMatrix = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 6 }) })
  .chain(({ rows, cols }) =>
    fc.array(fc.integer({ min: -99, max: 99 }), { minLength: rows * cols, maxLength: rows * cols }).map((v) => {
      const a = new NDArray(Float64Array.from(v), [rows, cols], 'float64')
      const t = new NDArray(a.data, [cols, rows], 'float64', [1, cols], 0)
      return { a, t, v, rows, cols }
    }),
  )

describe('row helpers', () => {
  test.prop([arbMatrix], { numRuns: 100 })('toTypedArray of a transpose reads it column by column', ({ t, v, rows, cols }) => {
    const expected: number[] = []
    for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) expected.push(v[i * cols + j]!)
    expect(Array.from(toTypedArray(t))).toEqual(expected)
  })

  test.prop([arbMatrix], { numRuns: 100 })('stacking every row gives the array back', ({ a, t }) => {
    for (const m of [a, t]) {
      const rows = Array.from({ length: m.shape[0]! }, (_, i) => row(m, i))
      const s = stack(rows)
      expect(s.shape).toEqual(m.shape)
      expect(Array.from(s.data)).toEqual(Array.from(toTypedArray(m)))
    }
  })

  test.prop([arbMatrix, fc.array(fc.nat(), { maxLength: 8 })], { numRuns: 100 })(
    'takeRows(a, idx) row k is row idx[k]',
    ({ t }, picks) => {
      const idx = picks.map((p) => p % t.shape[0]!)
      const out = takeRows(t, idx)
      expect(out.shape).toEqual([idx.length, t.shape[1]])
      idx.forEach((i, k) => {
        expect(Array.from(toTypedArray(row(out, k)))).toEqual(Array.from(toTypedArray(row(t, i))))
      })
    },
  )

  test('negative rows count from the end; out of range is PyTorch\'s IndexError', () => {
    const a = new NDArray(Float64Array.of(1, 2, 3), [3], 'float64')
    expect(toTypedArray(row(a, -1))[0]).toBe(3)
    expect(() => row(a, 3)).toThrow('index 3 is out of bounds for dimension 0 with size 3')
    expect(() => row(new NDArray(Float64Array.of(1), [], 'float64'), 0)).toThrow(
      'dimension specified as 0 but tensor has no dimensions',
    )
    expect(() => stack([])).toThrow('stack expects a non-empty TensorList')
  })

  test('stack promotes mixed dtypes like torch.stack', () => {
    const i = new NDArray(Float64Array.of(1), [1], 'int64')
    const f = new NDArray(Float32Array.of(0.5), [1], 'float32')
    const s = stack([i, f])
    expect(s.dtype).toBe('float32')
    expect(Array.from(s.data)).toEqual([1, 0.5])
  })
})
