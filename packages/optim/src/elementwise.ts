import { NDArray, type DType, allocate } from '@descent/tensor'

// Optimisers update parameters element by element, so they read every view into a plain Float64Array, compute
// with explicit float32 rounding (see `arithmetic`), and write the results back through the view's strides.

/** Storage offsets of a view's elements in row-major order. */
function offsets(a: NDArray): number[] | null {
  if (a.isContiguous()) return null
  const out = new Array<number>(a.size)
  const index = new Array<number>(a.ndim).fill(0)
  let pos = a.offset
  for (let i = 0; i < a.size; i++) {
    out[i] = pos
    for (let d = a.ndim - 1; d >= 0; d--) {
      index[d]++
      pos += a.strides[d]!
      if (index[d]! < a.shape[d]!) break
      pos -= a.strides[d]! * a.shape[d]!
      index[d] = 0
    }
  }
  return out
}

/**
 * Copies a view's elements, in row-major order, into a new Float64Array.
 *
 * @example
 * const p = readValues(param.array)
 * for (let i = 0; i < p.length; i++) p[i] -= 0.1 * g[i]
 */
export function readValues(a: NDArray): Float64Array {
  const out = new Float64Array(a.size)
  const at = offsets(a)
  if (at === null) for (let i = 0; i < a.size; i++) out[i] = a.data[a.offset + i]!
  else for (let i = 0; i < a.size; i++) out[i] = a.data[at[i]!]!
  return out
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
  const at = offsets(a)
  if (at === null) for (let i = 0; i < a.size; i++) a.data[a.offset + i] = values[i]!
  else for (let i = 0; i < a.size; i++) a.data[at[i]!] = values[i]!
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
  const out = fullLikeArray(a, 0, dtype)
  writeValues(out, readValues(a))
  return out
}

/**
 * a * b + c rounded once to float32, for float32 a, b, c: the fused multiply-add PyTorch's CPU kernels use for
 * `add(other, alpha)` and `addcmul`.
 *
 * @example
 * fma32(Math.fround(0.1), g, p)
 * // equals torch's p.add_(g, alpha=0.1) for float32 p and g
 */
export function fma32(a: number, b: number, c: number): number {
  // a*b is exact in double (24 + 24 bits), so only the sum can round twice: at a float32 tie.
  const p = a * b
  const s = p + c
  const r = Math.fround(s)
  if (r === s || Number.isNaN(s)) return r
  const other = r + 2 * (s - r)
  if (Math.fround(other) !== other) return r
  // s lies exactly halfway between r and other; the sum's own rounding error says which side is nearer.
  const t = s - p
  const err = p - (s - t) + (c - t)
  if (err === 0) return r
  return err > 0 === other > r ? other : r
}

/** Float arithmetic of one dtype: `round` casts a double to it, `fma` is a*b + c with one rounding. */
export interface Arithmetic {
  round(x: number): number
  fma(a: number, b: number, c: number): number
}

const float32Arithmetic: Arithmetic = { round: Math.fround, fma: fma32 }
const SPLIT = 134217729 // 2^27 + 1, Dekker's splitter

/**
 * a * b + c for doubles with (almost always) one rounding: the product's error term comes from Dekker's split and the
 * sum's from TwoSum, and both are added back before the final rounding.
 *
 * @example
 * fma64(0.1, 3, -0.3)
 * // 2.7755575615628914e-17, not 0.1 * 3 - 0.3 = 5.551115123125783e-17
 */
export function fma64(a: number, b: number, c: number): number {
  const p = a * b
  if (!Number.isFinite(p) || p === 0) return p + c
  let t = SPLIT * a
  const ah = t - (t - a)
  const al = a - ah
  t = SPLIT * b
  const bh = t - (t - b)
  const bl = b - bh
  const pe = ah * bh - p + ah * bl + al * bh + al * bl
  const s = p + c
  const bb = s - p
  const se = p - (s - bb) + (c - bb)
  return s + (pe + se)
}

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
