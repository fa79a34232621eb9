// SLEEF's expf (Sleef_expf8_u10, the AVX2 kernel PyTorch 1.13's vectorized exp calls), replayed in float32 with
// fused multiply-adds, so descent's float32 exp and sigmoid give PyTorch's bits, not just a correctly rounded value.

import { fma32 } from './fma.js'

const fround = Math.fround
// Round half to even, as _mm256_cvtps_epi32 in the default rounding mode.
function rint(x: number): number {
  const r = Math.round(x)
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r
}

const R_LN2 = fround(1.442695040888963407359924681001892137426645954152985934135449406931)
const L2U = fround(0.693145751953125)
const L2L = fround(1.428606765330187045e-6)
const C0 = fround(0.000198527617612853646278381)
const C1 = fround(0.00139304355252534151077271)
const C2 = fround(0.00833336077630519866943359)
const C3 = fround(0.0416664853692054748535156)
const C4 = fround(0.166666671633720397949219)

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
  return fround(fround(u * 2 ** h) * 2 ** (q - h))
}
