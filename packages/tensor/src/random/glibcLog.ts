// glibc 2.36's double log (Szabolcs Nagy's table-driven algorithm, the FMA build x86-64 selects), evaluated step by
// step on glibc's own table, so that normals built on log round exactly as PyTorch's and NumPy's do.
import { fma64 } from '../floatMath.js'
import { LN2HI, LN2LO, POLY as A, POLY1 as B, TAB } from './glibcLogData.js'

const f64 = new Float64Array(1)
const words = new Uint32Array(f64.buffer)
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
// The 64-bit constants below all have a zero low word, so the bit arithmetic runs on high words alone.
const OFF = 0x3fe60000 // high word of 0x3fe6000000000000
const LO = 0x3fee0000 // high word of 1 - 2^-4
const HI = 0x3ff10900 // high word of 1 + 0x1.09p-4

/** log(x) as glibc computes it, for every double. */
export function glibcLog(x: number): number {
  f64[0] = x
  let hi = words[HIGH]!
  if (((hi - LO) >>> 0) < HI - LO) {
    // Close to 1: a longer polynomial, with the leading terms split to stay accurate.
    if (x === 1) return 0
    const r = x - 1
    const r2 = r * r
    const r3 = r * r2
    const poly =
      fma64(r3, fma64(r3, fma64(r3, B[10]!, fma64(r2, B[9]!, fma64(r, B[8]!, B[7]!))), fma64(r2, B[6]!, fma64(r, B[5]!, B[4]!))),
        fma64(r2, B[3]!, fma64(r, B[2]!, B[1]!)))
    // GCC fuses r * 2^27 into both the add and the subtract of Veltkamp's split.
    const rhi = fma64(-r, 134217728, fma64(r, 134217728, r))
    const rlo = r - rhi
    const w = rhi * rhi * B[0]!
    const h = r + w
    let lo = r - h + w
    lo = fma64(B[0]! * rlo, rhi + r, lo)
    return fma64(r3, poly, lo) + h
  }
  if (!(x >= 2.2250738585072014e-308) || x === Number.POSITIVE_INFINITY) {
    if (x === 0) return Number.NEGATIVE_INFINITY
    if (!(x >= 0)) return Number.NaN
    if (x === Number.POSITIVE_INFINITY) return x
    // Subnormal: normalise the bits, then take 52 off the exponent, as glibc does.
    f64[0] = x * 4503599627370496
    hi = words[HIGH]! - (52 << 20)
  }
  // x = 2^k z with z in [OFF, 2 OFF); i picks z's subinterval.
  const tmp = (hi - OFF) | 0
  const i = (tmp >>> 13) & 127
  const k = tmp >> 20
  words[HIGH] = hi - (tmp & 0xfff00000)
  const z = f64[0]!
  const invc = TAB[2 * i]!
  const logc = TAB[2 * i + 1]!
  const r = fma64(z, invc, -1)
  const w = fma64(k, LN2HI, logc)
  const h = w + r
  const lo = fma64(k, LN2LO, w - h + r)
  const r2 = r * r
  const p = fma64(r2, fma64(r, A[4]!, A[3]!), fma64(r, A[2]!, A[1]!))
  return fma64(r * r2, p, fma64(r2, A[0]!, lo)) + h
}
