/**
 * Formats a number as Python's `f'{x:.Nf}'` does: the exact binary value rounded half to even.
 * See https://docs.python.org/3/library/string.html#format-specification-mini-language
 * @example
 * formatFixed(0.125, 2) // '0.12' (JS's toFixed gives '0.13')
 * formatFixed(4.79999924, 3) // '4.800'
 */
export function formatFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  const negative = x < 0 || Object.is(x, -0)
  const a = Math.abs(x)
  let out = a.toFixed(digits)
  // toFixed breaks exact ties away from zero; Python breaks them to even. A tie means the exact expansion is
  // ...d5000... right after the kept digits, which toFixed(100) shows for every |x| > 1e-80.
  if (a < 1e21 && digits < 100) {
    const full = a.toFixed(100)
    const dot = full.indexOf('.')
    const rest = full.slice(dot + 1 + digits)
    if (/^50*$/.test(rest)) {
      const kept = digits === 0 ? full.slice(0, dot) : full.slice(0, dot + 1 + digits)
      const last = Number(kept[kept.length - 1])
      out = last % 2 === 0 ? kept : a.toFixed(digits)
    }
  }
  return negative ? `-${out}` : out
}

/**
 * Formats a number as Python's `repr(float)`: the shortest round-trip digits, in scientific form below 1e-4
 * and from 1e16 up. See https://docs.python.org/3/library/functions.html#repr
 * @example
 * pyRepr(358.8021240234375) // '358.8021240234375'
 * pyRepr(1e-5) // '1e-05'
 */
export function pyRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0'
  const sign = x < 0 ? '-' : ''
  const [mantissa, expText] = Math.abs(x).toExponential().split('e')
  const exp = Number(expText)
  const digits = mantissa.replace('.', '')
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0')
  const frac = digits.slice(exp + 1)
  return `${sign}${intPart}.${frac === '' ? '0' : frac}`
}
