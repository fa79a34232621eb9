import { NDArray, type DType, allocate, cast, clone, copyInto, fma32, fma64, toTypedArray } from '@descent/tensor'

// fma32 and fma64 are tensor's exact fused multiply-adds; optimisers re-export them for authors of new ones.
export { fma32, fma64 }

// Optimisers update parameters element by element, so they read every view into a plain Float64Array, compute
// with explicit float32 rounding (see `arithmetic`), and write the results back through the view's strides.

/**
 * Copies a view's elements, in row-major order, into a new Float64Array.
 *
 * @example
 * const p = readValues(param.array)
 * for (let i = 0; i < p.length; i++) p[i] -= 0.1 * g[i]
 */
export function readValues(a: NDArray): Float64Array {
  const values = toTypedArray(a)
  return values instanceof Float64Array ? values : Float64Array.from(values)
}

/**
 * Writes row-major values into a view's storage (a float32 view rounds each value to float32).
 *
 * @example
 * writeValues(param.array, p)
 * // param now holds p, rounded to its dtype
 */
export function writeValues(a: NDArray, values: ArrayLike<number>): void {
  if (values.length !== a.size) throw new RangeError(`writeValues: expected ${a.size} values, got ${values.length}`)
  const data = values instanceof Float64Array ? values : Float64Array.from(values)
  copyInto(a, new NDArray(data, a.shape, 'float64'))
}

/**
 * A new contiguous array of a view's shape and dtype, filled with `value` (PyTorch's `torch.full_like`).
 *
 * @example
 * state.expAvg = fullLikeArray(param.array, 0)
 * // zeros shaped and typed like the parameter
 */
export function fullLikeArray(a: NDArray, value: number, dtype: DType = a.dtype): NDArray {
  const data = allocate(dtype, a.size)
  if (value !== 0) data.fill(value)
  return new NDArray(data, [...a.shape], dtype)
}

/**
 * A contiguous copy of a view, cast to `dtype` (PyTorch's `clone()` followed by `.to(dtype)`).
 *
 * @example
 * const snapshot = cloneArray(state.expAvg as NDArray)
 * // later writes to state.expAvg leave snapshot alone
 */
export function cloneArray(a: NDArray, dtype: DType = a.dtype): NDArray {
  // cast copies into fresh contiguous storage whenever the dtype changes; otherwise clone does
  return dtype === a.dtype ? clone(a) : cast(a, dtype)
}

/** Float arithmetic of one dtype: `round` casts a double to it, `fma` is a*b + c with one rounding. */
export interface Arithmetic {
  round(x: number): number
  fma(a: number, b: number, c: number): number
}

const float32Arithmetic: Arithmetic = { round: Math.fround, fma: fma32 }
const float64Arithmetic: Arithmetic = { round: (x) => x, fma: fma64 }

/**
 * The arithmetic PyTorch's CPU kernels do for a dtype: float32 rounds after every op, float64 is plain JS math.
 *
 * @example
 * const { round, fma } = arithmetic(param.array.dtype)
 * p[i] = fma(round(-lr), d[i], p[i]) // param.add_(d, alpha=-lr)
 */
export function arithmetic(dtype: DType): Arithmetic {
  return dtype === 'float32' ? float32Arithmetic : float64Arithmetic
}

/**
 * The gradient as torch 1.13's single-tensor steps begin, in place: negated when maximizing, then plus
 * `weightDecay · param` (L2 weight decay) when the decay is not 0.
 *
 * @example
 * adjustGradient(g, p, group.maximize, group.weightDecay, param.array.dtype)
 * // g[i] is now fma(round(weightDecay), p[i], ±g[i])
 */
export function adjustGradient(
  g: Float64Array,
  p: Float64Array,
  maximize: boolean,
  weightDecay: number,
  dtype: DType,
): void {
  const { round, fma } = arithmetic(dtype)
  const n = g.length
  if (maximize) for (let i = 0; i < n; i++) g[i] = -g[i]!
  if (weightDecay !== 0) {
    const wd = round(weightDecay)
    for (let i = 0; i < n; i++) g[i] = fma(wd, p[i]!, g[i]!)
  }
}
