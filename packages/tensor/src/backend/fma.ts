// Fused multiply-add, which PyTorch's kernels get from the compiler (GCC contracts a * b + c under -mfma), emulated
// in doubles.

const fround = Math.fround
const f32 = new Float32Array(1)
const i32 = new Int32Array(f32.buffer)

/** The float32 next to `x` (finite, nonzero direction `dir`). */
function step32(x: number, dir: number): number {
  f32[0] = x
  if (x === 0) {
    i32[0] = 1
    return dir > 0 ? f32[0]! : -f32[0]!
  }
  i32[0] = i32[0]! + ((x > 0) === (dir > 0) ? 1 : -1)
  return f32[0]!
}

/** fmaf(a, b, c): a*b is exact in a double; the sum's rounding error decides float32 ties that double rounding would break. */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b
  const s = p + c
  const bb = s - p
  const err = p - (s - bb) + (c - bb)
  const r = fround(s)
  if (err === 0 || r === s || !Number.isFinite(r)) return r
  const other = step32(r, s - r)
  // Only an exact float32 midpoint in double can round the wrong way.
  if (Math.abs(s - r) !== Math.abs(other - r) / 2) return r
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
