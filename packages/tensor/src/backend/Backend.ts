import type { NDArray } from '../NDArray.js'
import type { MatmulPath } from './matmul.js'

export type UnaryOp =
  | 'neg'
  | 'abs'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'square'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'sign'
  | 'reciprocal'

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum'
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'
export type { MatmulPath }
export type ReduceOp = 'sum' | 'max' | 'min' | 'argmax' | 'argmin'

/**
 * The narrow interface every kernel sits behind. Callers (the ops in ../ops) check arguments, pick dtypes and
 * allocate outputs; a backend only loops. Operands arrive as strided views already broadcast to the output's
 * shape (stride 0 on broadcast dims) and already cast to the dtype the op computes in; `out` may be a strided view.
 * A float32 backend must produce the float32 value PyTorch computes (round every intermediate PyTorch rounds).
 */
export interface Backend {
  readonly name: string
  /** dst[i] = src[i] converted to dst's dtype (same shape; src may be broadcast). */
  copy(src: NDArray, dst: NDArray): void
  /** dst[i] = value (already converted to dst's dtype). */
  fill(dst: NDArray, value: number): void
  /** out[i] = op(a[i]). */
  unary(op: UnaryOp, a: NDArray, out: NDArray): void
  /** out[i] = op(a[i], b[i]); `b` may be a number (a Python scalar already rounded to the compute dtype). */
  binary(op: BinaryOp, a: NDArray, b: NDArray | number, out: NDArray, scalarFirst?: boolean): void
  /** out[i] = op(a[i], b[i]) as 0 or 1 in a bool array. */
  compare(op: CompareOp, a: NDArray, b: NDArray | number, out: NDArray): void
  /** out[i] = min(max(a[i], lo), hi), either bound optional (NaN-propagating like torch.clamp). */
  clamp(a: NDArray, lo: number | undefined, hi: number | undefined, out: NDArray): void
  /** out[i] = cond[i] ? a[i] : b[i]. */
  where(cond: NDArray, a: NDArray, b: NDArray, out: NDArray): void
  /**
   * Reduces `a` over `dims` (sorted, unique) into the contiguous `out`, whose shape is `a`'s with those dims set
   * to 1. arg* ops write int64 flat indices within the reduced dims.
   */
  reduce(op: ReduceOp, a: NDArray, dims: readonly number[], out: NDArray): void
  /** Variance (or its square root) over `dims` with Bessel's `correction`, written into the contiguous `out`. */
  variance(a: NDArray, dims: readonly number[], correction: number, takeSqrt: boolean, out: NDArray): void
  /**
   * out[p] = a[p] @ b[p] for 3-D views a [B, n, k], b [B, k, m] and the contiguous out [B, n, m]. `path` names the
   * PyTorch op being computed ('mm' by default; 'addmm', where out arrives holding C and receives C + a @ b;
   * 'bmm', 'mv', or 'dot' with n = m = 1), since each sums float32 products in its own order.
   */
  matmul(a: NDArray, b: NDArray, out: NDArray, path?: MatmulPath): void
}
