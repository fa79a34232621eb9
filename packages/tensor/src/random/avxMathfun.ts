// A scalar, bit-exact replica of the avx_mathfun.h routines (Julien Pommier's AVX port of the Cephes float
// polynomials) that PyTorch 1.13's normal_fill_16_AVX2 calls as log256_ps and sincos256_ps. GCC builds that
// kernel with -mfma and contracts each multiply that feeds only an add into one fused multiply-add; `fma32`
// below sits exactly where the compiler put them.
import { f32, floatBits, floatFromBits, fma32 } from '../floatMath.js'

const SQRTHF = f32(Math.SQRT1_2)
const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f32)
const LOG_Q1 = f32(-2.12194440e-4)
const LOG_Q2 = f32(0.693359375)

/** log256_ps for one positive float32 lane. */
export function logf(x: number): number {
  if (!(x > 0)) return x === 0 ? Number.NEGATIVE_INFINITY : Number.NaN
  if (x < 1.1754943508222875e-38) x = 1.1754943508222875e-38 // cut off denormals, as avx_mathfun does
  const bits = floatBits(x)
  let e = f32(((bits >>> 23) - 127) + 1)
  // keep the mantissa, scaled into [0.5, 1)
  let m = floatFromBits((bits & ~0x7f800000) | 0x3f000000)
  const small = m < SQRTHF
  const tmp = small ? m : 0
  m = f32(m - 1)
  if (small) e = f32(e - 1)
  m = f32(m + tmp)
  const z = f32(m * m)
  let y = LOG_P[0]!
  for (let k = 1; k < LOG_P.length; k++) y = fma32(y, m, LOG_P[k]!)
  y = f32(y * m)
  y = fma32(y, z, f32(e * LOG_Q1))
  y = fma32(-z, 0.5, y)
  return fma32(e, LOG_Q2, f32(m + y))
}

const FOPI = f32(1.27323954473516)
const DP1 = f32(-0.78515625)
const DP2 = f32(-2.4187564849853516e-4)
const DP3 = f32(-3.774894977445941e-8)
const SIN_P = [-1.9515295891e-4, 8.3321608736e-3, -1.6666654611e-1].map(f32)
const COS_P = [2.443315711809948e-5, -1.388731625493765e-3, 4.166664568298827e-2].map(f32)

/** sincos256_ps for one float32 lane: writes sin(x) and cos(x) into `out[0]` and `out[1]` (no allocation per call). */
export function sincosf(x: number, out: Float32Array | Float64Array): void {
  let signSin = x < 0 || Object.is(x, -0)
  x = Math.abs(x)
  let j = Math.trunc(f32(x * FOPI)) | 0
  j = (j + 1) & ~1
  const y = f32(j)
  if (j & 4) signSin = !signSin
  const sinFromSinPoly = (j & 2) === 0
  const signCos = ((j - 2) & 4) === 0
  // extended-precision reduction x - y * pi/4 in three parts
  x = fma32(y, DP1, x)
  x = fma32(y, DP2, x)
  x = fma32(y, DP3, x)
  const z = f32(x * x)
  let c = fma32(COS_P[0]!, z, COS_P[1]!)
  c = fma32(c, z, COS_P[2]!)
  c = f32(c * z)
  c = fma32(c, z, -f32(z * 0.5))
  c = f32(c + 1)
  let s = fma32(SIN_P[0]!, z, SIN_P[1]!)
  s = fma32(s, z, SIN_P[2]!)
  s = f32(s * z)
  s = fma32(s, x, x)
  const sin = sinFromSinPoly ? s : c
  const cos = sinFromSinPoly ? c : s
  out[0] = signSin ? -sin : sin
  out[1] = signCos ? -cos : cos
}
