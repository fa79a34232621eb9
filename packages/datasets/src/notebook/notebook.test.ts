import { expectClose, loadFixture } from '@descent/test-utils'
import { fc, test } from '@fast-check/vitest'
import { Generator, NDArray, RandomState, manualSeed } from '@descent/tensor'
import { describe, expect } from 'vitest'
import { fourPoints } from './fourPoints.js'
import { landscape, landscapeGradient, randomStarts } from './landscape.js'
import { lineData, lineDataTorch } from './line.js'
import { timeSpeed, timeVelocity } from './parabola.js'

interface Fixture {
  velocity: { seed: number; t: number[]; v: number[] }[]
  velocityGenerator: { seed: number; v: number[] }[]
  speed: { seed: number; t: number[]; v: number[] }[]
  starts: { seed: number; n: number; X: number[][] }[]
  descent: { seed: number; trajectories: number[][][] }[]
  landscape: { points: number[][]; f: number[]; grad: number[][] }
  lineNumpy: { X: number[]; y: number[] }
  lineTorch: { X: number[][]; y: number[][] }
  lineOther: {
    options: { start: number; end: number; step: number; weight: number; bias: number }
    numpy: { X: number[]; y: number[] }
    torch: { X: number[][]; y: number[][] }
  }
  fourPoints: { X: number[]; y: number[] }
}
const fx = loadFixture<Fixture>(import.meta.url, 'datasets_notebook')
const values = (a: { array: NDArray } | NDArray) => Array.from((a instanceof NDArray ? a : a.array).data)
const f32 = (xs: number[]) => xs.map(Math.fround)
const nd = (rows: number[][]) => new NDArray(Float64Array.from(rows.flat()), [rows.length, 2], 'float64')

// NumPy's sin and cos (glibc) and V8's (fdlibm) may differ in the last bit; a few ulps is the honest tolerance.
const expectUlps = (actual: number[], expected: number[], tol = 4e-15) =>
  expectClose(actual, expected, { rtol: tol, atol: tol })

describe('torch-drawn notebook data, bit for bit', () => {
  test('timeVelocity under manualSeed(s) is torch.randn(20) * 3 + 0.75 * (t - 9.5) ** 2 + 1', () => {
    for (const c of fx.velocity) {
      manualSeed(c.seed)
      const { time, velocity } = timeVelocity()
      expect(time.dtype).toBe('float32')
      expect(time.shape).toEqual([20])
      expect(values(time)).toEqual(f32(c.t))
      expect(values(velocity), `seed ${c.seed}`).toEqual(f32(c.v))
    }
  })

  test('timeVelocity through an explicit generator', () => {
    for (const c of fx.velocityGenerator) {
      const { velocity } = timeVelocity({ generator: new Generator().manualSeed(c.seed) })
      expect(values(velocity)).toEqual(f32(c.v))
    }
  })

  test('timeSpeed under manualSeed(s) is torch.randn(20) + 0.5 * (t - 9.5) ** 2 + 1', () => {
    for (const c of fx.speed) {
      manualSeed(c.seed)
      const { time, speed } = timeSpeed()
      expect(values(time)).toEqual(f32(c.t))
      expect(values(speed), `seed ${c.seed}`).toEqual(f32(c.v))
    }
  })

  test('fourPoints: f(x) = 2x on 1..4 in float32, flat or as a column', () => {
    const { X, y } = fourPoints()
    expect(X.dtype).toBe('float32')
    expect(values(X)).toEqual(fx.fourPoints.X)
    expect(values(y)).toEqual(fx.fourPoints.y)
    expect(fourPoints({ column: true }).X.shape).toEqual([4, 1])
  })
})

describe('the line of Example 3', () => {
  test('NumPy: np.arange(0, 1, 0.02) and 0.7 * X + 0.3 in float64, bit for bit', () => {
    const { X, y } = lineData()
    expect(X.dtype).toBe('float64')
    expect(X.shape).toEqual([50])
    expect(values(X)).toEqual(fx.lineNumpy.X)
    expect(values(y)).toEqual(fx.lineNumpy.y)
  })

  test('torch: torch.arange(0, 1, 0.02).unsqueeze(1) and 0.7 * X + 0.3 in float32, bit for bit', () => {
    const { X, y } = lineDataTorch()
    expect(X.dtype).toBe('float32')
    expect(X.shape).toEqual([50, 1])
    expect(values(X)).toEqual(f32(fx.lineTorch.X.flat()))
    expect(values(y)).toEqual(f32(fx.lineTorch.y.flat()))
  })

  test('other parameters: NumPy and torch aranges, bit for bit', () => {
    const { options, numpy, torch } = fx.lineOther
    const a = lineData(options)
    expect(values(a.X)).toEqual(numpy.X)
    expect(values(a.y)).toEqual(numpy.y)
    const b = lineDataTorch(options)
    expect(b.X.shape).toEqual([torch.X.length, 1])
    expect(values(b.X)).toEqual(f32(torch.X.flat()))
    expect(values(b.y)).toEqual(f32(torch.y.flat()))
  })

  test.prop([fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.01, max: 2, noNaN: true })], { numRuns: 50 })(
    'arange length is ceil((end - start) / step) and y follows the line',
    (start, step) => {
      const end = start + 3
      const { X, y } = lineData({ start, end, step, weight: 2, bias: -1 })
      expect(X.shape[0]).toBe(Math.ceil(3 / step))
      values(X).forEach((x, i) => {
        expect(values(y)[i]).toBe(2 * x - 1)
      })
      expect(values(X)[0]).toBe(start)
    },
  )
})

describe('the landscape of Example 1', () => {
  test('f and its analytic gradient match NumPy', () => {
    const p = nd(fx.landscape.points)
    expectUlps(values(landscape(p)), fx.landscape.f)
    const g = landscapeGradient(p)
    expect(g.shape).toEqual([fx.landscape.points.length, 2])
    expectUlps(values(g), fx.landscape.grad.flat())
  })

  test.prop([fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true })], { numRuns: 100 })(
    'the gradient agrees with central differences',
    (a, b) => {
      const h = 1e-5
      const f = (x: number, y: number) => values(landscape(nd([[x, y]])))[0]!
      const [gx, gy] = values(landscapeGradient(nd([[a, b]])))
      expect(Math.abs(gx! - (f(a + h, b) - f(a - h, b)) / (2 * h))).toBeLessThan(1e-7)
      expect(Math.abs(gy! - (f(a, b + h) - f(a, b - h)) / (2 * h))).toBeLessThan(1e-7)
    },
  )

  test('rejects inputs that are not [n, 2]', () => {
    expect(() => landscape(new NDArray(new Float64Array(3), [3], 'float64'))).toThrow(
      'landscape: The input must contain 2 elements (got shape [3])',
    )
  })

  test('randomStarts under a seed is np.random.rand(n, 2) * 10 after np.random.seed(seed)', () => {
    for (const c of fx.starts) {
      const X = randomStarts(c.n, { randomState: c.seed })
      expect(X.shape).toEqual([c.n, 2])
      expect(values(X)).toEqual(c.X.flat())
    }
    // A RandomState is drawn from, and advances.
    const rs = new RandomState(0)
    expect(values(randomStarts(5, { randomState: rs }))).toEqual(fx.starts[0]!.X.flat())
    expect(values(randomStarts(5, { randomState: rs }))).not.toEqual(fx.starts[0]!.X.flat())
  })

  test("the notebook's descent from those starts follows NumPy's trajectories", () => {
    for (const c of fx.descent) {
      let X = values(randomStarts(5, { randomState: c.seed }))
      const path = [X]
      for (let k = 0; k < 30; k++) {
        const g = values(landscapeGradient(new NDArray(Float64Array.from(X), [5, 2], 'float64')))
        X = X.map((x, i) => x - 1e-3 * g[i]!)
        path.push(X)
      }
      expectUlps(path.flat(), c.trajectories.flat(2), 1e-14)
    }
  })
})
