// Exact float32 and float64 arithmetic that PyTorch's compiled kernels perform and JavaScript lacks:
// fused multiply-add (GCC contracts a*b + c into one FMA in PyTorch's AVX2 kernels) and float32 steps.

const f64 = new Float64Array(1)
const words = new Uint32Array(f64.buffer)
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1
const HIGH = 1 - LOW

export const f32 = Math.fround

/** The rounding error of `s = a + b` (Knuth's TwoSum): a + b === s + err exactly. */
export function twoSumError(a: number, b: number, s: number): number {
  const bb = s - a
  return a - (s - bb) + (b - bb)
}

/** Rounds `s`, the nearest double to a real value `s + err`, to odd instead: the step that makes a second rounding safe. */
function roundToOdd(s: number, err: number): number {
  if (err === 0 || !Number.isFinite(s)) return s
  f64[0] = s
  if (words[LOW]! & 1) return s
  // s is even: step one ulp toward the true value, which lands on the odd neighbour.
  if (err > 0 === s > 0) {
    words[LOW] = words[LOW]! + 1
  } else if (words[LOW] === 0) {
    words[LOW] = 0xffffffff
    words[HIGH] = words[HIGH]! - 1
  } else {
    words[LOW] = words[LOW]! - 1
  }
  return f64[0]
}

/** float32 fma32(a, b, c), one rounding: the product of two floats is exact in a double, the sum is rounded to odd first. */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b
  const s = p + c
  const r = f32(s)
  const d = s - r
  // Rounding the double sum again is only unsafe when it sits exactly halfway between two floats.
  if (d === 0) return r
  const m = r + 2 * d
  if (f32(m) !== m) return r
  return f32(roundToOdd(s, twoSumError(p, c, s)))
}

const SPLIT = 134217729 // 2^27 + 1, Veltkamp's splitter for doubles

/**
 * The rounding error of the double product `p = a * b` (Dekker's TwoProduct): a * b === p + err exactly, barring
 * overflow and underflow.
 */
export function twoProductError(a: number, b: number, p: number): number {
  let t = SPLIT * a
  const ah = t - (t - a)
  const al = a - ah
  t = SPLIT * b
  const bh = t - (t - b)
  const bl = b - bh
  return al * bl - (p - ah * bh - al * bh - ah * bl)
}

/** double fma64(a, b, c) with one rounding (Boldo and Melquiond's emulation through round-to-odd). */
export function fma64(a: number, b: number, c: number): number {
  const uh = a * b
  if (!Number.isFinite(uh) || uh === 0 || !Number.isFinite(c)) return uh + c
  const ul = twoProductError(a, b, uh)
  // An exact product leaves a single rounding, the sum's.
  if (ul === 0) return uh + c
  const th = c + uh
  const tl = twoSumError(c, uh, th)
  const v = tl + ul
  const ve = twoSumError(tl, ul, v)
  return th + (ve === 0 ? v : roundToOdd(v, ve))
}

const f32buf = new Float32Array(1)
const i32buf = new Int32Array(f32buf.buffer)

/** The bits of a float32. */
export function floatBits(x: number): number {
  f32buf[0] = x
  return i32buf[0]!
}

/** The float32 with these bits. */
export function floatFromBits(bits: number): number {
  i32buf[0] = bits
  return f32buf[0]!
}
