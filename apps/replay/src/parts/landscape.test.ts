import { describe, expect, test } from 'vitest'
import { cases } from '../fixtures.js'
import { descend, landscapePart } from './landscape.js'

// NumPy's sin and cos come from the C library, V8's from fdlibm: either may differ in the last bit, and thirty
// steps of lr 1e-3 keep such differences at that level.
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-13 * Math.max(1, Math.abs(b))

describe('landscape (000/001 Example 1)', () => {
  test.each([0, 1, 42])('--seed %i: the trajectories NumPy computes after np.random.seed (oracle)', (seed) => {
    const oracle = cases.landscape[String(seed)].trajectories as number[][][]
    const ours = descend(seed, 5, 30, 1e-3)
    expect(ours).toHaveLength(31)
    // the starts are drawn, not computed: equal bit for bit
    expect(ours[0]).toEqual(oracle[0])
    for (let i = 0; i < ours.length; i++)
      for (let j = 0; j < 5; j++)
        for (let k = 0; k < 2; k++) expect(close(ours[i][j][k], oracle[i][j][k]), `${i} ${j} ${k}`).toBe(true)
  })

  test('JSON records: iteration 0..30 with 5 points each; one contour figure', () => {
    const result = landscapePart.run({ seed: 1 })
    expect(result.records.map((r) => r.iteration)).toEqual(Array.from({ length: 31 }, (_, i) => i))
    expect((result.records[30].points as number[][]).length).toBe(5)
    expect(result.figures.map((f) => f.name)).toEqual(['trajectories'])
    expect(result.figures[0].svg).toContain('aria-label="contour"')
  })

  test('without --seed it uses seed 0 and says so', () => {
    const result = landscapePart.run({})
    expect(result.seed).toBe(0)
    expect(result.notes[0]).toContain('seed 0 stands in')
  })
})
