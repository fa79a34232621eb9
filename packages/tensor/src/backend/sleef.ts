// SLEEF's expf (Sleef_expf8_u10, the AVX2 kernel PyTorch 1.13's vectorized exp calls), replayed in float32 with
// fused multiply-adds, so descent's float32 exp and sigmoid give PyTorch's bits, not just a correctly rounded value.

import { fma32 } from './fma.js'

const fround = Math.fround
// Round half to even, as _mm256_cvtps_epi32 in the default rounding mode.
function rint(x: number): number {
  const r = Math.round(x)
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r
}

// SLEEF's float constants (R_LN2f = 1/ln 2, L2Uf + L2Lf = ln 2 split, the polynomial), as the float32 values
// its source literals round to.
const R_LN2 = fround(Math.LOG2E)
const L2U = 0.693145751953125
const L2L = 0.000001428606765330187
const C0 = 0.00019852761761285365
const C1 = 0.0013930435525253415
const C2 = 0.008333360776305199
const C3 = 0.041666485369205475
const C4 = 0.1666666716337204

// 2^k for the k vldexp2 needs (|q| <= 151 for inputs in [-104, 100]), without a Math.pow call per element.
const POW2_BIAS = 160
const POW2 = Float64Array.from({ length: 2 * POW2_BIAS + 1 }, (_, i) => 2 ** (i - POW2_BIAS))

/** Sleef_expf_u10 on one float32 value. */
export function sleefExpf(d: number): number {
  if (Number.isNaN(d)) return d
  if (d < -104) return 0
  if (d > 100) return Number.POSITIVE_INFINITY
  const q = rint(fround(d * R_LN2))
  let s = fma32(q, -L2U, d)
  s = fma32(q, -L2L, s)
  let u = fma32(C0, s, C1)
  u = fma32(u, s, C2)
  u = fma32(u, s, C3)
  u = fma32(u, s, C4)
  u = fma32(u, s, 0.5)
  u = fround(1 + fma32(fround(s * s), u, s))
  // vldexp2: two power-of-two scalings so neither factor overflows.
  const h = q >> 1
  return fround(fround(u * POW2[h + POW2_BIAS]!) * POW2[q - h + POW2_BIAS]!)
}
