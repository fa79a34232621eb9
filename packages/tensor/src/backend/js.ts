import { NDArray } from '../NDArray.js'
import type { TypedArray } from '../NDArray.js'
import type { Backend, BinaryOp, CompareOp, ReduceOp, UnaryOp } from './Backend.js'
import { sleefExpf } from './sleef.js'
import { cascadeSum } from './sum.js'
import { matmulKernel } from './matmul.js'
import { flatBinary32, flatUnary32 } from './flat.js'

// One loop over `n` elements: out at (io, so), inputs at (ia, sa), (ib, sb), (ic, sc). Stride 0 broadcasts.
type Inner = (
  n: number,
  o: TypedArray,
  io: number,
  so: number,
  a: TypedArray,
  ia: number,
  sa: number,
  b: TypedArray,
  ib: number,
  sb: number,
  c: TypedArray,
  ic: number,
  sc: number,
) => void

const fround = Math.fround
const none = new Float64Array(0)
// A Python scalar operand is a one-element buffer walked with stride 0, so scalars reuse the tensor loops.
const scalarA = new Float64Array(1)
const scalarB = new Float64Array(1)
const scalarArray = (buf: Float64Array) => new NDArray(buf, [], 'float64')
const sA = scalarArray(scalarA)
const sB = scalarArray(scalarB)

/** 1 for a contiguous operand, 0 for a 0-d (scalar) one, -1 for anything else. */
function flatStride(x: NDArray): number {
  if (x.shape.length === 0) return 0
  if (x.isContiguous()) return 1
  // A broadcast scalar (every stride 0) is also one value for every element.
  for (let d = 0; d < x.strides.length; d++) if (x.strides[d] !== 0) return -1
  return 0
}

/**
 * Calls `inner` over every element of `out`'s shape. Contiguous operands take one call; otherwise dims are
 * coalesced and an odometer walks all but the last.
 */
function run(inner: Inner, out: NDArray, a: NDArray, b: NDArray | null = null, c: NDArray | null = null): void {
  const n = out.size
  if (n === 0) return
  const nd = out.shape.length
  const bd = b === null ? none : b.data
  const cd = c === null ? none : c.data
  if (nd === 0) {
    inner(1, out.data, out.offset, 1, a.data, a.offset, 0, bd, b === null ? 0 : b.offset, 0, cd, c === null ? 0 : c.offset, 0)
    return
  }
  // One flat walk when every operand is contiguous (stride 1) or a 0-d scalar (stride 0).
  const fa = flatStride(a)
  const fb = b === null ? 0 : flatStride(b)
  const fc = c === null ? 0 : flatStride(c)
  if (out.isContiguous() && fa >= 0 && fb >= 0 && fc >= 0) {
    inner(n, out.data, out.offset, 1, a.data, a.offset, fa, bd, b === null ? 0 : b.offset, fb, cd, c === null ? 0 : c.offset, fc)
    return
  }
  if (nd === 1) {
    inner(n, out.data, out.offset, out.strides[0]!, a.data, a.offset, a.shape.length === 0 ? 0 : a.strides[0]!, bd,
      b === null ? 0 : b.offset, b === null || b.shape.length === 0 ? 0 : b.strides[0]!, cd,
      c === null ? 0 : c.offset, c === null || c.shape.length === 0 ? 0 : c.strides[0]!)
    return
  }
  // Coalesce: drop size-1 dims and merge dim d into the previous kept dim when every operand walks them as one.
  // Scratch buffers are module-level: kernels never call back into ops, so run is never re-entered.
  if (nd > MAX_DIMS) throw new RangeError(`descent supports up to ${MAX_DIMS} dims`)
  const shape = scratchShape
  const so = scratchStrides[0]!
  const sa = scratchStrides[1]!
  const sb = scratchStrides[2]!
  const sc = scratchStrides[3]!
  const bNd = b === null ? 0 : b.shape.length
  const cNd = c === null ? 0 : c.shape.length
  const aNd = a.shape.length
  let m = 0
  for (let d = 0; d < nd; d++) {
    const size = out.shape[d]!
    if (size === 1) continue
    const to = out.strides[d]!
    const ta = aNd === 0 ? 0 : a.strides[d]!
    const tb = bNd === 0 ? 0 : b!.strides[d]!
    const tc = cNd === 0 ? 0 : c!.strides[d]!
    const k = m - 1
    if (k >= 0 && so[k] === to * size && sa[k] === ta * size && sb[k] === tb * size && sc[k] === tc * size) {
      shape[k] = shape[k]! * size
      so[k] = to
      sa[k] = ta
      sb[k] = tb
      sc[k] = tc
    } else {
      shape[m] = size
      so[m] = to
      sa[m] = ta
      sb[m] = tb
      sc[m] = tc
      m++
    }
  }
  const last = m - 1
  const len = m === 0 ? 1 : shape[last]!
  const lo = m === 0 ? 0 : so[last]!
  const la = m === 0 ? 0 : sa[last]!
  const lb = m === 0 ? 0 : sb[last]!
  const lc = m === 0 ? 0 : sc[last]!
  const idx = scratchIndex
  idx.fill(0, 0, m)
  let io = out.offset
  let ia = a.offset
  let ib = b === null ? 0 : b.offset
  let ic = c === null ? 0 : c.offset
  for (let r = n / len; r > 0; r--) {
    inner(len, out.data, io, lo, a.data, ia, la, bd, ib, lb, cd, ic, lc)
    for (let d = m - 2; d >= 0; d--) {
      io += so[d]!
      ia += sa[d]!
      ib += sb[d]!
      ic += sc[d]!
      if (++idx[d]! < shape[d]!) break
      const size = shape[d]!
      io -= so[d]! * size
      ia -= sa[d]! * size
      ib -= sb[d]! * size
      ic -= sc[d]! * size
      idx[d] = 0
    }
  }
}

const MAX_DIMS = 64
const scratchShape = new Float64Array(MAX_DIMS)
const scratchIndex = new Float64Array(MAX_DIMS)
const scratchStrides = [0, 1, 2, 3].map(() => new Float64Array(MAX_DIMS))

// ---- copy and fill ----
const copyInner: Inner = (n, o, io, so, a, ia, sa) => {
  for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = a[ia]!
}
const copyToInt: Inner = (n, o, io, so, a, ia, sa) => {
  for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = Math.trunc(a[ia]!) + 0
}
const copyToBool: Inner = (n, o, io, so, a, ia, sa) => {
  // NaN converts to True, like C++'s bool(NaN).
  for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = a[ia] !== 0 ? 1 : 0
}

// ---- unary ----
function unaryLoop(f: (x: number) => number): Inner {
  // Each op gets its own closure; `f` is monomorphic per closure only while V8 keeps them apart, so the hot
  // ops below are written out as explicit loops instead.
  return (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = f(a[ia]!)
  }
}
const unaryInner: Record<UnaryOp, Inner> = {
  neg: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = -a[ia]!
  },
  abs: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = Math.abs(a[ia]!)
  },
  exp: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = Math.exp(a[ia]!)
  },
  log: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = Math.log(a[ia]!)
  },
  sqrt: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = Math.sqrt(a[ia]!)
  },
  square: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) {
      const x = a[ia]!
      o[io] = x * x
    }
  },
  sin: unaryLoop(Math.sin),
  cos: unaryLoop(Math.cos),
  tanh: unaryLoop(Math.tanh),
  sigmoid: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = 1 / (1 + Math.exp(-a[ia]!))
  },
  relu: (n, o, io, so, a, ia, sa) => {
    // clamp_min(x, 0): NaN stays NaN.
    for (let k = 0; k < n; k++, io += so, ia += sa) {
      const x = a[ia]!
      o[io] = x < 0 ? 0 : x
    }
  },
  sign: (n, o, io, so, a, ia, sa) => {
    // (0 < x) - (x < 0): NaN and -0 give 0.
    for (let k = 0; k < n; k++, io += so, ia += sa) {
      const x = a[ia]!
      o[io] = x > 0 ? 1 : x < 0 ? -1 : 0
    }
  },
  reciprocal: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = 1 / a[ia]!
  },
}
// PyTorch's vectorized loop covers whole pairs of 8-float vectors of a contiguous run (SLEEF's expf); the rest
// goes through the scalar loop (glibc's expf, correctly rounded like fround(Math.exp) in practice).
function vectorSpan(n: number, so: number, sa: number): number {
  return so === 1 && sa === 1 ? n - (n % 16) : 0
}
const exp32: Inner = (n, o, io, so, a, ia, sa) => {
  const vec = vectorSpan(n, so, sa)
  let k = 0
  for (; k < vec; k++, io += so, ia += sa) o[io] = sleefExpf(a[ia]!)
  for (; k < n; k++, io += so, ia += sa) o[io] = Math.exp(a[ia]!)
}
// sigmoid in float32 steps: 1 / (1 + exp(-x)).
const sigmoid32: Inner = (n, o, io, so, a, ia, sa) => {
  const vec = vectorSpan(n, so, sa)
  let k = 0
  for (; k < vec; k++, io += so, ia += sa) o[io] = 1 / fround(1 + sleefExpf(-a[ia]!))
  for (; k < n; k++, io += so, ia += sa) o[io] = 1 / fround(1 + fround(Math.exp(-a[ia]!)))
}
const negInt: Inner = (n, o, io, so, a, ia, sa) => {
  // 0 - x keeps int64 results free of -0.
  for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = 0 - a[ia]!
}

// ---- binary ----
const binaryInner: Record<BinaryOp, Inner> = {
  add: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) o[io] = a[ia]! + b[ib]!
  },
  sub: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) o[io] = a[ia]! - b[ib]!
  },
  mul: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) o[io] = a[ia]! * b[ib]!
  },
  div: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) o[io] = a[ia]! / b[ib]!
  },
  pow: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) o[io] = a[ia]! ** b[ib]!
  },
  maximum: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) {
      const x = a[ia]!
      const y = b[ib]!
      o[io] = Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : x < y ? y : x
    }
  },
  minimum: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) {
      const x = a[ia]!
      const y = b[ib]!
      o[io] = Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : y < x ? y : x
    }
  },
}
const powInt: Inner = (n, o, io, so, a, ia, sa, b, ib, sb) => {
  // Exact integer powers by squaring (Math.pow may round large integer results).
  for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) {
    let base = a[ia]!
    let e = b[ib]!
    let r = 1
    // A negative integer power truncates toward zero: only bases 1 and -1 survive.
    if (e < 0) r = base === 1 ? 1 : base === -1 ? (e % 2 === 0 ? 1 : -1) : 0
    while (e > 0) {
      if (e & 1) r *= base
      base *= base
      e = Math.floor(e / 2)
    }
    o[io] = r
  }
}
// PyTorch's pow(tensor, scalar) fast paths, written with the float32 roundings of its vector code.
const powScalar32: Record<number, Inner> = {
  2: unaryInner.square,
  3: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) {
      const x = a[ia]!
      o[io] = fround(x * x) * x
    }
  },
  0.5: unaryInner.sqrt,
  [-0.5]: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = 1 / fround(Math.sqrt(a[ia]!))
  },
  [-1]: unaryInner.reciprocal,
  [-2]: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) {
      const x = a[ia]!
      o[io] = 1 / fround(x * x)
    }
  },
}
const powScalar64: Record<number, Inner> = {
  2: unaryInner.square,
  3: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) {
      const x = a[ia]!
      o[io] = x * x * x
    }
  },
  0.5: unaryInner.sqrt,
  [-0.5]: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) o[io] = 1 / Math.sqrt(a[ia]!)
  },
  [-1]: unaryInner.reciprocal,
  [-2]: (n, o, io, so, a, ia, sa) => {
    for (let k = 0; k < n; k++, io += so, ia += sa) {
      const x = a[ia]!
      o[io] = 1 / (x * x)
    }
  },
}

const compareInner: Record<CompareOp, Inner> = {
  eq: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) o[io] = a[ia] === b[ib] ? 1 : 0
  },
  ne: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) o[io] = a[ia] !== b[ib] ? 1 : 0
  },
  lt: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) o[io] = a[ia]! < b[ib]! ? 1 : 0
  },
  le: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) o[io] = a[ia]! <= b[ib]! ? 1 : 0
  },
  gt: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) o[io] = a[ia]! > b[ib]! ? 1 : 0
  },
  ge: (n, o, io, so, a, ia, sa, b, ib, sb) => {
    for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb) o[io] = a[ia]! >= b[ib]! ? 1 : 0
  },
}

const clampInner: Inner = (n, o, io, so, a, ia, sa, b, ib, _sb, c, ic) => {
  const lo = b[ib]!
  const hi = c[ic]!
  for (let k = 0; k < n; k++, io += so, ia += sa) {
    const x = a[ia]!
    o[io] = Number.isNaN(x) ? x : Math.min(Math.max(x, lo), hi)
  }
}

const whereInner: Inner = (n, o, io, so, a, ia, sa, b, ib, sb, c, ic, sc) => {
  for (let k = 0; k < n; k++, io += so, ia += sa, ib += sb, ic += sc) o[io] = a[ia] ? b[ib]! : c[ic]!
}

// ---- reductions ----

/**
 * Permutes `a` so the kept dims come first and the reduced dims last, returning the permuted shape and strides
 * and how many elements each output reduces.
 */
function splitDims(a: NDArray, dims: readonly number[]) {
  const reduced = new Array<boolean>(a.shape.length).fill(false)
  for (const d of dims) reduced[d] = true
  const keptShape: number[] = []
  const keptStrides: number[] = []
  const redShape: number[] = []
  const redStrides: number[] = []
  for (let d = 0; d < a.shape.length; d++) {
    if (reduced[d]) {
      redShape.push(a.shape[d]!)
      redStrides.push(a.strides[d]!)
    } else {
      keptShape.push(a.shape[d]!)
      keptStrides.push(a.strides[d]!)
    }
  }
  return { keptShape, keptStrides, redShape, redStrides }
}

/** Calls `body(base)` with the storage offset of every kept-index position, in row-major order. */
function forEachOffset(shape: number[], strides: number[], start: number, body: (offset: number, i: number) => void) {
  const m = shape.length
  let total = 1
  for (const s of shape) total *= s
  if (total === 0) return
  const idx = new Array<number>(m).fill(0)
  let off = start
  for (let i = 0; i < total; i++) {
    body(off, i)
    for (let d = m - 1; d >= 0; d--) {
      off += strides[d]!
      if (++idx[d]! < shape[d]!) break
      off -= strides[d]! * shape[d]!
      idx[d] = 0
    }
  }
}

/** Offsets of the reduced elements relative to a kept position, in row-major order of the reduced dims. */
function reducedOffsets(shape: number[], strides: number[]): Float64Array {
  let total = 1
  for (const s of shape) total *= s
  const offs = new Float64Array(total)
  forEachOffset(shape, strides, 0, (o, i) => {
    offs[i] = o
  })
  return offs
}

function reduceMaxMin(op: ReduceOp, data: TypedArray, base: number, offs: Float64Array): number {
  const isMax = op === 'max' || op === 'argmax'
  const wantIndex = op === 'argmax' || op === 'argmin'
  let best = data[base + offs[0]!]!
  let bestI = 0
  if (!Number.isNaN(best)) {
    for (let k = 1; k < offs.length; k++) {
      const x = data[base + offs[k]!]!
      // NaN wins (PyTorch propagates it); the first extreme wins ties.
      if (Number.isNaN(x)) {
        best = x
        bestI = k
        break
      }
      if (isMax ? x > best : x < best) {
        best = x
        bestI = k
      }
    }
  }
  return wantIndex ? bestI : best
}

/** max/min/argmax/argmin over one contiguous run. */
function reduceFlat(op: ReduceOp, data: TypedArray, base: number, n: number): number {
  const isMax = op === 'max' || op === 'argmax'
  let best = data[base]!
  let bestI = 0
  for (let k = 1; k < n && !Number.isNaN(best); k++) {
    const x = data[base + k]!
    if (Number.isNaN(x) || (isMax ? x > best : x < best)) {
      best = x
      bestI = k
    }
  }
  return op === 'argmax' || op === 'argmin' ? bestI : best
}

export const jsBackend: Backend = {
  name: 'js',

  copy(src, dst) {
    const inner = dst.dtype === 'bool' ? copyToBool : dst.dtype === 'int64' && src.dtype !== 'int64' && src.dtype !== 'bool' ? copyToInt : copyInner
    run(inner, dst, src)
  },

  fill(dst, value) {
    if (dst.isContiguous()) {
      dst.data.fill(value, dst.offset, dst.offset + dst.size)
      return
    }
    scalarA[0] = value
    run(copyInner, dst, sA)
  },

  unary(op, a, out) {
    if (flatUnary32(op, a, out)) return
    let inner = unaryInner[op]
    if (out.dtype === 'float32' && op === 'sigmoid') inner = sigmoid32
    else if (out.dtype === 'float32' && op === 'exp') inner = exp32
    else if (out.dtype === 'int64' && op === 'neg') inner = negInt
    run(inner, out, a)
  },

  binary(op, a, b, out, scalarFirst = false) {
    if (flatBinary32(op, a, b, out, scalarFirst)) return
    let inner = binaryInner[op]
    const isInt = out.dtype === 'int64'
    if (op === 'pow' && isInt) inner = powInt
    if (typeof b === 'number') {
      if (op === 'pow' && !scalarFirst && !isInt) {
        const fast = (out.dtype === 'float32' ? powScalar32 : powScalar64)[b]
        if (fast !== undefined) {
          scalarB[0] = b
          run(fast, out, a, sB)
          return
        }
      }
      if (scalarFirst) {
        scalarA[0] = b
        run(inner, out, sA, a)
      } else {
        scalarB[0] = b
        run(inner, out, a, sB)
      }
      return
    }
    run(inner, out, a, b)
  },

  compare(op, a, b, out) {
    if (typeof b === 'number') {
      scalarB[0] = b
      run(compareInner[op], out, a, sB)
    } else run(compareInner[op], out, a, b)
  },

  clamp(a, lo, hi, out) {
    // torch.clamp: min(max(x, lo), hi), NaN propagating; lo > hi gives hi everywhere.
    scalarA[0] = lo === undefined ? Number.NEGATIVE_INFINITY : lo
    scalarB[0] = hi === undefined ? Number.POSITIVE_INFINITY : hi
    run(clampInner, out, a, sA, sB)
  },

  where(cond, a, b, out) {
    run(whereInner, out, cond, a, b)
  },

  reduce(op, a, dims, out) {
    const o = out.data
    if (op === 'sum') {
      cascadeSum(a, dims, out)
      return
    }
    if (out.size === 1 && a.isContiguous()) {
      o[0] = reduceFlat(op, a.data, a.offset, a.size)
      return
    }
    const { keptShape, keptStrides, redShape, redStrides } = splitDims(a, dims)
    const offs = reducedOffsets(redShape, redStrides)
    const data = a.data
    forEachOffset(keptShape, keptStrides, a.offset, (base, i) => {
      o[i] = reduceMaxMin(op, data, base, offs)
    })
  },

  variance(a, dims, correction, takeSqrt, out) {
    const o = out.data
    const data = a.data
    if (dims.length === a.shape.length && a.dtype === 'float32' || dims.length === a.shape.length && a.dtype === 'float64') {
      // PyTorch's std_var_all_cpu: the mean in the input's dtype, then squared deviations summed in double.
      const m = new NDArray(new Float64Array(1), [], 'float64')
      const s = new NDArray(a.dtype === 'float32' ? new Float32Array(1) : new Float64Array(1), new Array(a.shape.length).fill(1), a.dtype)
      cascadeSum(a, dims, s)
      m.data[0] = a.dtype === 'float32' ? fround(s.data[0]! / a.size) : s.data[0]! / a.size
      const mean = m.data[0]!
      let acc = 0
      forEachOffset(a.shape as number[], a.strides as number[], a.offset, (off) => {
        const dx = data[off]! - mean
        acc += dx * dx
      })
      const v = acc / Math.max(0, a.size - correction)
      o[0] = takeSqrt ? Math.sqrt(v) : v
      return
    }
    const { keptShape, keptStrides, redShape, redStrides } = splitDims(a, dims)
    const offs = reducedOffsets(redShape, redStrides)
    forEachOffset(keptShape, keptStrides, a.offset, (base, i) => {
      // Welford in double, as PyTorch's WelfordOps.
      let mean = 0
      let m2 = 0
      for (let k = 0; k < offs.length; k++) {
        const x = data[base + offs[k]!]!
        const delta = x - mean
        mean += delta / (k + 1)
        m2 += delta * (x - mean)
      }
      const divisor = offs.length > correction ? offs.length - correction : 0
      const v = m2 / divisor
      o[i] = takeSqrt ? Math.sqrt(v) : v
    })
  },

  matmul(a, b, out, path) {
    matmulKernel(a, b, out, path)
  },
}
