import { pyFixed } from '@descent/tensor'

/**
 * Formats a number as Python's `f'{x:.Nf}'` does: the exact binary value rounded half to even (tensor's printer
 * already needs this, so the notebooks' f-strings use the same function).
 * @example
 * formatFixed(0.125, 2) // '0.12' (JS's toFixed gives '0.13')
 */
export const formatFixed = pyFixed

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
