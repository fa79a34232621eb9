/** Formats a double as C++'s `operator<<` does by default (%g with 6 significant digits), as PyTorch's messages print it. */
export function cppDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  if (x === 0) return Object.is(x, -0) ? '-0' : '0'
  const [mantissa, expText] = x.toExponential(5).split('e') as [string, string]
  const exp = Number(expText)
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s)
  if (exp < -4 || exp >= 6) {
    return `${strip(mantissa)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  }
  return strip(x.toFixed(Math.max(0, 5 - exp)))
}
