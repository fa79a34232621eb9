import { NDArray, type RandomState, ValueError, toTypedArray } from '@descent/tensor'
import { checkRandomState } from '../internal/numpyGlobal.js'

function points(x: NDArray, name: string): Float64Array {
  if (x.ndim !== 2 || x.shape[1] !== 2) {
    // The notebook asserts input.shape[-1] == 2 with this message.
    throw new ValueError(`${name}: The input must contain 2 elements (got shape [${x.shape.join(', ')}])`)
  }
  return Float64Array.from(toTypedArray(x))
}

/**
 * Example 1's landscape f(x₁, x₂) = sin x₁ cos x₂ + sin(x₁/2) cos(x₂/2), evaluated in float64 on each row of an
 * [n, 2] array, as the notebook's `function` does with NumPy.
 * See https://numpy.org/doc/1.24/reference/generated/numpy.sin.html
 *
 * ```ts
 * landscape(array([[0, 0], [Math.PI / 2, 0]])) // [0, 1.7071...]
 * ```
 */
export function landscape(x: NDArray): NDArray {
  const p = points(x, 'landscape')
  const n = x.shape[0]!
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const a = p[2 * i]!
    const b = p[2 * i + 1]!
    out[i] = Math.sin(a) * Math.cos(b) + Math.sin(0.5 * a) * Math.cos(0.5 * b)
  }
  return new NDArray(out, [n], 'float64')
}

/**
 * The analytic gradient of `landscape`, (∂f/∂x₁, ∂f/∂x₂) per row, as the notebook's `gradiente`:
 * ∂f/∂x₁ = cos x₁ cos x₂ + ½ cos(x₁/2) cos(x₂/2), ∂f/∂x₂ = −sin x₁ sin x₂ − ½ sin(x₁/2) sin(x₂/2).
 * See https://numpy.org/doc/1.24/reference/generated/numpy.stack.html
 *
 * ```ts
 * landscapeGradient(array([[0, 0]])) // [[1.5, 0]]
 * ```
 */
export function landscapeGradient(x: NDArray): NDArray {
  const p = points(x, 'landscapeGradient')
  const n = x.shape[0]!
  const out = new Float64Array(2 * n)
  for (let i = 0; i < n; i++) {
    const a = p[2 * i]!
    const b = p[2 * i + 1]!
    out[2 * i] = Math.cos(a) * Math.cos(b) + 0.5 * Math.cos(0.5 * a) * Math.cos(0.5 * b)
    out[2 * i + 1] = -Math.sin(a) * Math.sin(b) - 0.5 * Math.sin(0.5 * a) * Math.sin(0.5 * b)
  }
  return new NDArray(out, [n, 2], 'float64')
}

/**
 * Example 1's random starting points, `np.random.rand(numPoints, 2) * 10` in the domain [0, 10)², drawn from
 * `randomState` (a seed as for `np.random.seed`, or a RandomState; default NumPy's global state).
 * See https://numpy.org/doc/1.24/reference/random/generated/numpy.random.rand.html
 *
 * ```ts
 * const X = randomStarts(5, { randomState: 0 }) // what np.random.seed(0) gives the notebook
 * ```
 */
export function randomStarts(numPoints = 10, options: { randomState?: number | RandomState | null } = {}): NDArray {
  const draws = checkRandomState(options.randomState).rand(numPoints, 2) as NDArray
  const out = new Float64Array(numPoints * 2)
  const data = toTypedArray(draws)
  for (let i = 0; i < out.length; i++) out[i] = data[i]! * 10
  return new NDArray(out, [numPoints, 2], 'float64')
}
