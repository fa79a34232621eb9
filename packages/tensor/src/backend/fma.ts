// Fused multiply-add, which PyTorch's kernels get from the compiler (GCC contracts a * b + c under -mfma), emulated
// in doubles.

const fround = Math.fround
/** fmaf(a, b, c): a*b is exact in a double, so only a sum that lands exactly on a float32 midpoint can round twice. */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b
  const s = p + c
  const r = fround(s)
  if (r === s) return r
  // s is a float32 midpoint exactly when the point as far beyond it as r is behind is itself a float32.
  const other = r + 2 * (s - r)
  if (fround(other) !== other || !Number.isFinite(other)) return r
  const bb = s - p
  const err = p - (s - bb) + (c - bb)
  if (err === 0) return r
  return Math.sign(err) === Math.sign(other - r) ? other : r
}

// Dekker's exact product: a * b = p + e.
const SPLIT = 134217729 // 2^27 + 1

/** fma(a, b, c) in double: the exact product plus c, rounded once (to within the last bit in rare cases). */
export function fma64(a: number, b: number, c: number): number {
  const p = a * b
  if (!Number.isFinite(p)) return p + c
  let t = SPLIT * a
  const ah = t - (t - a)
  const al = a - ah
  t = SPLIT * b
  const bh = t - (t - b)
  const bl = b - bh
  const e = ah * bh - p + ah * bl + al * bh + al * bl
  const s = p + c
  const bb = s - p
  const err = p - (s - bb) + (c - bb)
  return s + (err + e)
}
