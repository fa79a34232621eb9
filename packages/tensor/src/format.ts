import type { NDArray } from './NDArray.js'
import { select } from './views.js'

/** torch.set_printoptions' settings (PyTorch's defaults). */
export interface PrintOptions {
  precision: number
  threshold: number
  edgeitems: number
  linewidth: number
  /** true or false forces scientific notation on or off; undefined lets the formatter choose, as in PyTorch. */
  sciMode: boolean | undefined
}

const defaults: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: undefined }
const opts: PrintOptions = { ...defaults }

/**
 * Changes how `format` prints, like `torch.set_printoptions` (`profile: 'default'` restores the defaults).
 * @see https://pytorch.org/docs/1.13/generated/torch.set_printoptions.html
 * @example
 * setPrintOptions({ precision: 2 })   // tensor([1.12])
 * setPrintOptions({ profile: 'default' })
 */
export function setPrintOptions(options: Partial<PrintOptions> & { profile?: 'default' | 'short' | 'full' }): void {
  if (options.profile === 'default') Object.assign(opts, defaults)
  else if (options.profile === 'short') Object.assign(opts, { ...defaults, precision: 2, edgeitems: 2 })
  else if (options.profile === 'full') Object.assign(opts, { ...defaults, threshold: Number.POSITIVE_INFINITY })
  for (const key of ['precision', 'threshold', 'edgeitems', 'linewidth'] as const) {
    if (options[key] !== undefined) opts[key] = options[key]
  }
  opts.sciMode = options.sciMode
}

/** The current print options (a copy). */
export function getPrintOptions(): PrintOptions {
  return { ...opts }
}

// Python's format() rounds exact binary values half to even; JS's toFixed/toExponential round ties away from zero.
// Ties are rare (the value must be exactly halfway in decimal), so detect them from the exact expansion.
function isTieAfter(exactDigits: string, keep: number): boolean {
  const rest = exactDigits.slice(keep)
  return rest.length > 0 && rest[0] === '5' && /^50*$/.test(rest)
}

/** Python's `'{:.Nf}'.format(x)`. */
export function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  const neg = x < 0 || Object.is(x, -0)
  const ax = Math.abs(x)
  let body: string
  if (ax >= 1e21) {
    // Doubles this large are integers; toFixed would switch to exponent notation.
    body = BigInt(ax).toString() + (digits > 0 ? `.${'0'.repeat(digits)}` : '')
  } else {
    body = ax.toFixed(digits)
    const exact = ax.toFixed(100)
    const point = exact.indexOf('.')
    const fraction = exact.slice(point + 1)
    if (isTieAfter(fraction, digits)) {
      const truncated = exact.slice(0, point) + (digits > 0 ? `.${fraction.slice(0, digits)}` : '')
      const last = truncated.charCodeAt(truncated.length - 1) - 48
      if (last % 2 === 0) body = truncated
    }
  }
  return neg ? `-${body}` : body
}

/** Python's `'{:.Ne}'.format(x)`: at least two exponent digits. */
export function pyExponential(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf'
  const neg = x < 0 || Object.is(x, -0)
  const ax = Math.abs(x)
  let s = ax.toExponential(digits)
  const exact = ax.toExponential(100)
  const [mant, exp] = exact.split('e') as [string, string]
  const mantDigits = mant.replace('.', '')
  if (isTieAfter(mantDigits, digits + 1)) {
    const kept = mantDigits.slice(0, digits + 1)
    if ((kept.charCodeAt(kept.length - 1) - 48) % 2 === 0) {
      s = `${kept[0]}${digits > 0 ? `.${kept.slice(1)}` : ''}e${exp}`
    }
  }
  const [m, e] = s.split('e') as [string, string]
  const sign = e[0] === '-' ? '-' : '+'
  const digitsE = e.replace(/^[+-]/, '').padStart(2, '0')
  return `${neg ? '-' : ''}${m}e${sign}${digitsE}`
}

/** PyTorch's _Formatter: one width and one notation for every element of a tensor. */
class Formatter {
  readonly floating: boolean
  readonly isBool: boolean
  intMode = true
  sciMode = false
  maxWidth = 1

  constructor(dtype: NDArray['dtype'], values: number[]) {
    this.floating = dtype === 'float32' || dtype === 'float64'
    this.isBool = dtype === 'bool'
    const p = opts.precision
    if (!this.floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, this.plain(v).length)
    } else {
      const finite = values.filter((v) => Number.isFinite(v) && v !== 0)
      if (finite.length > 0) {
        let lo = Number.POSITIVE_INFINITY
        let hi = 0
        for (const v of finite) {
          const a = Math.abs(v)
          if (a < lo) lo = a
          if (a > hi) hi = a
          if (v !== Math.ceil(v)) this.intMode = false
        }
        const wide = hi / lo > 1000 || hi > 1e8
        if (this.intMode) {
          if (wide) {
            this.sciMode = true
            for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyExponential(v, p).length)
          } else {
            for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, 0).length + 1)
          }
        } else if (wide || lo < 1e-4) {
          this.sciMode = true
          for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyExponential(v, p).length)
        } else {
          for (const v of finite) this.maxWidth = Math.max(this.maxWidth, pyFixed(v, p).length)
        }
      }
      if (opts.sciMode !== undefined) this.sciMode = opts.sciMode
    }
  }

  private plain(v: number): string {
    if (this.isBool) return v ? 'True' : 'False'
    return String(v)
  }

  format(v: number): string {
    let s: string
    if (this.floating) {
      if (this.sciMode) s = pyExponential(v, opts.precision)
      else if (this.intMode) {
        s = pyFixed(v, 0)
        if (Number.isFinite(v)) s += '.'
      } else s = pyFixed(v, opts.precision)
    } else s = this.plain(v)
    return s.length < this.maxWidth ? ' '.repeat(this.maxWidth - s.length) + s : s
  }
}

function at(a: NDArray): number {
  return a.data[a.offset]!
}

/** item(0), ..., item(n - 1), or when summarizing only the first and last `edgeitems` of them, `gap` between. */
function edgeItems<T>(n: number, summarize: boolean, item: (i: number) => T, gap?: T): T[] {
  const edge = opts.edgeitems
  if (!summarize || n <= 2 * edge) return Array.from({ length: n }, (_, i) => item(i))
  const head = Array.from({ length: edge }, (_, i) => item(i))
  const tail = Array.from({ length: edge }, (_, i) => item(n - edge + i))
  return gap === undefined ? [...head, ...tail] : [...head, gap, ...tail]
}

/** The values PyTorch's get_summarized_data keeps: the edge items of every dim when summarizing. */
function collect(a: NDArray, summarize: boolean, out: number[]): void {
  const nd = a.shape.length
  if (nd === 0) {
    out.push(at(a))
    return
  }
  for (const i of edgeItems(a.shape[0]!, summarize, (i) => i)) {
    if (nd === 1) out.push(a.data[a.offset + i * a.strides[0]!]!)
    else collect(select(a, 0, i), summarize, out)
  }
}

function vectorStr(a: NDArray, indent: number, summarize: boolean, f: Formatter): string {
  const elementLength = f.maxWidth + 2
  const perLine = Math.max(1, Math.floor((opts.linewidth - indent) / elementLength))
  const value = (i: number) => f.format(a.data[a.offset + i * a.strides[0]!]!)
  const data = edgeItems(a.shape[0]!, summarize, value, ' ...')
  const lines: string[] = []
  for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(', '))
  return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`
}

function tensorStr(a: NDArray, indent: number, summarize: boolean, f: Formatter): string {
  const nd = a.shape.length
  if (nd === 0) return f.format(at(a))
  if (nd === 1) return vectorStr(a, indent, summarize, f)
  const sub = (i: number) => tensorStr(select(a, 0, i), indent + 1, summarize, f)
  const slices = edgeItems(a.shape[0]!, summarize, sub, '...')
  return `[${slices.join(`,${'\n'.repeat(nd - 1)}${' '.repeat(indent + 1)}`)}]`
}

function addSuffixes(text: string, suffixes: readonly string[], indent: number): string {
  const parts = [text]
  let lastLineLength = text.length - text.lastIndexOf('\n') + 1
  for (const suffix of suffixes) {
    if (lastLineLength + suffix.length + 2 > opts.linewidth) {
      parts.push(`,\n${' '.repeat(indent)}${suffix}`)
      lastLineLength = indent + suffix.length
    } else {
      parts.push(`, ${suffix}`)
      lastLineLength += suffix.length + 2
    }
  }
  parts.push(')')
  return parts.join('')
}

export interface FormatOptions {
  /** Extra `key=value` parts after the values and dtype, e.g. `requires_grad=True` or `grad_fn=<MulBackward0>`. */
  suffixes?: readonly string[]
  /** The text before the values (default `tensor(`). */
  prefix?: string
}

/**
 * PyTorch's text form of a tensor: the same digits, widths, scientific switch, line wrapping, summarization of
 * more than 1000 elements, and the `dtype=torch.float64` suffix.
 * @see https://pytorch.org/docs/1.13/generated/torch.set_printoptions.html
 * @example
 * format(array([0.0121, -0.6397, 0.6416])) // 'tensor([ 0.0121, -0.6397,  0.6416])'
 * format(scalar(9))                          // 'tensor(9.)'
 */
export function format(a: NDArray, options: FormatOptions = {}): string {
  const prefix = options.prefix ?? 'tensor('
  const indent = prefix.length
  const suffixes: string[] = []
  let body: string
  if (a.size === 0) {
    if (a.shape.length !== 1) suffixes.push(`size=(${a.shape.join(', ')}${a.shape.length === 1 ? ',' : ''})`)
    if (a.dtype !== 'float32') suffixes.push(`dtype=torch.${a.dtype}`)
    body = '[]'
  } else {
    if (a.dtype === 'float64') suffixes.push('dtype=torch.float64')
    const summarize = a.size > opts.threshold
    const values: number[] = []
    collect(a, summarize, values)
    body = tensorStr(a, indent, summarize, new Formatter(a.dtype, values))
  }
  suffixes.push(...(options.suffixes ?? []))
  return addSuffixes(prefix + body, suffixes, indent)
}
