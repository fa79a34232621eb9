// Python's float pow and math.cos call glibc, whose results are (nearly always) the correctly rounded ones;
// V8's Math.pow and Math.cos can be an ulp off, which shows in learning-rate schedules. These compute in
// double-double (about 106 bits) and round once.

import { twoProductError, twoSumError } from '@descent/tensor'

type DD = [number, number]

function twoSum(a: number, b: number): DD {
  const s = a + b
  return [s, twoSumError(a, b, s)]
}

function twoProd(a: number, b: number): DD {
  const p = a * b
  return [p, twoProductError(a, b, p)]
}

function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0])
  const [t, f] = twoSum(a[1], b[1])
  const [u, g] = twoSum(s, e + t)
  return twoSum(u, g + f)
}

function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0])
  return twoSum(p, e + a[0] * b[1] + a[1] * b[0])
}

function div(a: DD, b: DD): DD {
  const q1 = a[0] / b[0]
  let r = add(a, neg(mul([q1, 0], b)))
  const q2 = r[0] / b[0]
  r = add(r, neg(mul([q2, 0], b)))
  const q3 = r[0] / b[0]
  return add(twoSum(q1, q2), [q3, 0])
}

function neg(a: DD): DD {
  return [-a[0], -a[1]]
}

/** x ** n for an integer n, correctly rounded but for astronomically rare ties. */
function powInt(x: number, n: number): number {
  let base: DD = [x, 0]
  let result: DD = [1, 0]
  let k = Math.abs(n)
  while (k > 0) {
    if (k % 2 === 1) result = mul(result, base)
    k = Math.floor(k / 2)
    if (k > 0) base = mul(base, base)
  }
  if (n < 0) result = div([1, 0], result)
  return result[0] + result[1]
}

/**
 * Python's `x ** y` for floats: correctly rounded for integer exponents (the ones schedulers and bias corrections
 * use), `Math.pow` otherwise.
 */
export function pyPow(x: number, y: number): number {
  if (Number.isInteger(y) && Math.abs(y) < 2 ** 31 && Number.isFinite(x) && x !== 0) {
    const r = powInt(x, y)
    if (Number.isFinite(r) && r !== 0) return r
  }
  return x ** y
}

// pi/2 as a sum of three doubles
const PIO2: [number, number, number] = [1.5707963267948966, 6.123233995736766e-17, -1.4973849048591698e-33]

function sinCosReduced(r: DD): { sin: DD; cos: DD } {
  // Taylor series on |r| <= pi/4; 20 terms take (pi/4)^n/n! below 1e-40.
  const r2 = mul(r, r)
  let sin: DD = r
  let cos: DD = [1, 0]
  let sTerm: DD = r
  let cTerm: DD = [1, 0]
  for (let k = 1; k <= 14; k++) {
    sTerm = div(mul(sTerm, r2), [-(2 * k) * (2 * k + 1), 0])
    cTerm = div(mul(cTerm, r2), [-(2 * k - 1) * (2 * k), 0])
    sin = add(sin, sTerm)
    cos = add(cos, cTerm)
  }
  return { sin, cos }
}

/** Python's `math.cos`, correctly rounded for arguments up to about 2^30. */
export function pyCos(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) > 2 ** 30) return Math.cos(x)
  const k = Math.round(x / PIO2[0])
  // r = x - k * pi/2, exact enough: each product is split into a double-double
  let r: DD = twoSum(x, 0)
  for (const c of PIO2) r = add(r, neg(twoProd(k, c)))
  const { sin, cos } = sinCosReduced(r)
  const quadrant = ((k % 4) + 4) % 4
  const v = quadrant === 0 ? cos : quadrant === 1 ? neg(sin) : quadrant === 2 ? neg(cos) : sin
  return v[0] + v[1]
}

/**
 * A number as Python's `str` prints it: integers as ints (`-1`, as a user's `lr=-1` would print), other values with
 * Python's float repr (`1e-05`, `0.5`); `float` forces the float form (`1.0`) for options PyTorch holds as floats.
 */
export function pyStr(x: number, { float = false } = {}): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  if (Number.isInteger(x) && !float) return String(x)
  // repr: the shortest round-trip digits, in fixed notation for exponents -4..15, else scientific
  const [mantissa, exp] = x.toExponential().split('e') as [string, string]
  const e = Number(exp)
  if (e >= -4 && e < 16) {
    const fixed = Math.abs(x) < 1e21 ? x.toFixed(Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - e)) : String(x)
    return fixed.includes('.') ? fixed : `${fixed}.0`
  }
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
}
