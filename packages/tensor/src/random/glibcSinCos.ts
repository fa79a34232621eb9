// glibc 2.36's double sin and cos (IBM Accurate Mathematical Library, s_sin.c, the FMA build x86-64 selects),
// evaluated step by step on glibc's own table, with `fma64` where GCC contracts a multiply into the add after it.
import { fma64 } from '../floatMath.js'
import { SINCOSTAB } from './glibcSinCosData.js'

const f64 = new Float64Array(1)
const words = new Uint32Array(f64.buffer)
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1
const HIGH = 1 - LOW

const S1 = -0.16666666666666666
const S2 = 0.008333333333332329
const S3 = -0.00019841269834414642
const S4 = 2.755729806860771e-6
const S5 = -2.5022014848318398e-8
const SN3 = -0.16666666666666488
const SN5 = 0.008333332142857223
const CS2 = 0.5
const CS4 = -0.04166666666666644
const CS6 = 0.001388888740079376
const BIG = 52776558133248 // 0x1.8p45: adding it rounds |x| to a multiple of 1/128
const HP0 = 1.5707963267948966
const HP1 = 6.123233995736766e-17
const MP1 = 1.5707963407039642
const MP2 = -1.3909067564377153e-8
const PP3 = -4.97899623147991e-17
const PP4 = -1.9034889620193266e-25
const HPINV = 0.6366197723675814
const TOINT = 6755399441055744 // 0x1.8p52

function highWord(x: number): number {
  f64[0] = x
  return words[HIGH]! & 0x7fffffff
}

/** The table row of the multiple of 1/128 nearest |x| (u = big + |x|). */
function tableIndex(u: number): number {
  f64[0] = u
  return words[LOW]! << 2
}

/** sin(a + da) for |a| < 0.126 by a Taylor polynomial. */
function taylorSin(xx: number, a: number, da: number): number {
  const p = fma64(fma64(fma64(fma64(S5, xx, S4), xx, S3), xx, S2), xx, S1)
  const t = fma64(fma64(p, a, -0.5 * da), xx, da)
  return a + t
}

function doSin(x: number, dx: number): number {
  const xold = x
  if (Math.abs(x) < 0.126) return taylorSin(x * x, x, dx)
  if (x <= 0) dx = -dx
  const u = BIG + Math.abs(x)
  x = Math.abs(x) - (u - BIG)
  const xx = x * x
  const s = x + fma64(x * xx, fma64(xx, SN5, SN3), dx)
  const c = fma64(x, dx, xx * fma64(xx, fma64(xx, CS6, CS4), CS2))
  const k = tableIndex(u)
  const sn = SINCOSTAB[k]!
  const ssn = SINCOSTAB[k + 1]!
  const cs = SINCOSTAB[k + 2]!
  const ccs = SINCOSTAB[k + 3]!
  const cor = fma64(cs, s, fma64(-sn, c, fma64(s, ccs, ssn)))
  const r = sn + cor
  return xold < 0 || Object.is(xold, -0) ? -Math.abs(r) : Math.abs(r)
}

function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx
  const u = BIG + Math.abs(x)
  x = Math.abs(x) - (u - BIG) + dx
  const xx = x * x
  const s = fma64(x * xx, fma64(xx, SN5, SN3), x)
  const c = xx * fma64(xx, fma64(xx, CS6, CS4), CS2)
  const k = tableIndex(u)
  const sn = SINCOSTAB[k]!
  const ssn = SINCOSTAB[k + 1]!
  const cs = SINCOSTAB[k + 2]!
  const ccs = SINCOSTAB[k + 3]!
  const cor = fma64(-sn, s, fma64(-cs, c, fma64(-s, ssn, ccs)))
  return cs + cor
}

/** Reduces x by multiples of pi/2 into a + da; returns the quadrant n mod 4. */
function reduce(x: number): [number, number, number] {
  const t = fma64(x, HPINV, TOINT)
  const xn = t - TOINT
  f64[0] = t
  const n = words[LOW]! & 3
  const y = fma64(-xn, MP2, fma64(-xn, MP1, x))
  const t2 = fma64(-xn, PP3, y)
  let db = fma64(-xn, PP3, y - t2)
  const b = fma64(-xn, PP4, t2)
  db += fma64(-xn, PP4, t2 - b)
  return [b, db, n]
}

function doSinCos(a: number, da: number, n: number): number {
  const r = n & 1 ? doCos(a, da) : doSin(a, da)
  return n & 2 ? -r : r
}

/** sin(x) as glibc computes it, for |x| < 105414350 (beyond that it falls back to Math.sin). */
export function glibcSin(x: number): number {
  const k = highWord(x)
  if (k < 0x3e500000) return x
  if (k < 0x3feb6000) return doSin(x, 0)
  if (k < 0x400368fd) {
    const r = doCos(HP0 - Math.abs(x), HP1)
    return x < 0 ? -r : r
  }
  if (k < 0x419921fb) {
    const [a, da, n] = reduce(x)
    return doSinCos(a, da, n)
  }
  return Math.sin(x)
}

/** cos(x) as glibc computes it, for |x| < 105414350 (beyond that it falls back to Math.cos). */
export function glibcCos(x: number): number {
  const k = highWord(x)
  if (k < 0x3e400000) return 1
  if (k < 0x3feb6000) return doCos(x, 0)
  if (k < 0x400368fd) {
    const y = HP0 - Math.abs(x)
    const a = y + HP1
    const da = y - a + HP1
    return doSin(a, da)
  }
  if (k < 0x419921fb) {
    const [a, da, n] = reduce(x)
    return doSinCos(a, da, n + 1)
  }
  return Math.cos(x)
}
