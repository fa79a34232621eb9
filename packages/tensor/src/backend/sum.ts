import type { NDArray, TypedArray } from '../NDArray.js'

// PyTorch 1.13's CPU sum (aten/src/ATen/native/cpu/SumKernel.cpp), replayed step by step so float32 sums round
// exactly where PyTorch's do: TensorIterator's dim order, cascade (multi-level) accumulators, 4-way ILP and
// AVX2 vector lanes (8 floats or 4 doubles). Single-threaded, as PyTorch is below its 32768-element grain size.

const VECTOR_BYTES = 32

/** Elements of one vector: a contiguous row shorter than this is summed as one short row (shortRowSum). */
export function vectorWidth(f32: boolean): number {
  return VECTOR_BYTES / (f32 ? 4 : 8)
}

function ceilLog2(x: number): number {
  if (x <= 2) return 1
  return Math.floor(Math.log2(x - 1)) + 1
}

/** multi_row_sum for one column: four cascade levels so each partial sum adds numbers of similar size. */
function multiRowSum(x: TypedArray, base: number, stride: number, size: number, f32: boolean): number {
  if (size < 16) {
    // Shorter than the smallest level step: one running sum (then + 0 from the empty levels, which turns -0 into 0).
    let a = 0
    for (let i = 0; i < size; i++) a = f32 ? Math.fround(a + x[base + i * stride]!) : a + x[base + i * stride]!
    return a + 0
  }
  const levelPower = Math.max(4, Math.floor(ceilLog2(size) / 4))
  const levelStep = 2 ** levelPower
  let a0 = 0
  let a1 = 0
  let a2 = 0
  let a3 = 0
  let i = 0
  while (i + levelStep <= size) {
    for (let j = 0; j < levelStep; j++, i++) {
      a0 = f32 ? Math.fround(a0 + x[base + i * stride]!) : a0 + x[base + i * stride]!
    }
    // Carry each full level up; stop at the first level whose bits of i are not all zero.
    a1 = f32 ? Math.fround(a1 + a0) : a1 + a0
    a0 = 0
    if (Math.floor(i / 2 ** levelPower) % levelStep !== 0) continue
    a2 = f32 ? Math.fround(a2 + a1) : a2 + a1
    a1 = 0
    if (Math.floor(i / 2 ** (2 * levelPower)) % levelStep !== 0) continue
    a3 = f32 ? Math.fround(a3 + a2) : a3 + a2
    a2 = 0
  }
  for (; i < size; i++) a0 = f32 ? Math.fround(a0 + x[base + i * stride]!) : a0 + x[base + i * stride]!
  if (f32) {
    a0 = Math.fround(a0 + a1)
    a0 = Math.fround(a0 + a2)
    return Math.fround(a0 + a3)
  }
  return a0 + a1 + a2 + a3
}

/** row_sum: four interleaved multi_row_sum columns, the tail, then the four partials left to right. */
export function rowSum(x: TypedArray, base: number, stride: number, size: number, f32: boolean): number {
  const sizeIlp = Math.floor(size / 4)
  let p0 = multiRowSum(x, base, stride * 4, sizeIlp, f32)
  const p1 = multiRowSum(x, base + stride, stride * 4, sizeIlp, f32)
  const p2 = multiRowSum(x, base + 2 * stride, stride * 4, sizeIlp, f32)
  const p3 = multiRowSum(x, base + 3 * stride, stride * 4, sizeIlp, f32)
  for (let i = sizeIlp * 4; i < size; i++) p0 = f32 ? Math.fround(p0 + x[base + i * stride]!) : p0 + x[base + i * stride]!
  if (f32) {
    p0 = Math.fround(p0 + p1)
    p0 = Math.fround(p0 + p2)
    return Math.fround(p0 + p3)
  }
  return p0 + p1 + p2 + p3
}

/**
 * rowSum over fewer than 8 contiguous elements, unrolled: each of the four columns holds at most one element,
 * which its multi_row_sum returns as x + 0 (so -0 becomes 0); the tail adds onto column 0.
 */
export function shortRowSum(x: TypedArray, base: number, size: number, f32: boolean): number {
  let p0 = 0
  let p1 = 0
  let p2 = 0
  let p3 = 0
  let i = 0
  if (size >= 4) {
    p0 = x[base]! + 0
    p1 = x[base + 1]! + 0
    p2 = x[base + 2]! + 0
    p3 = x[base + 3]! + 0
    i = 4
  }
  if (f32) {
    for (; i < size; i++) p0 = Math.fround(p0 + x[base + i]!)
    p0 = Math.fround(p0 + p1)
    p0 = Math.fround(p0 + p2)
    return Math.fround(p0 + p3)
  }
  for (; i < size; i++) p0 = p0 + x[base + i]!
  return p0 + p1 + p2 + p3
}

/** vectorized_inner_sum for one row: lane-wise row_sum over whole vectors, then the tail, then the lanes. */
function vectorInnerSum(x: TypedArray, base: number, size: number, width: number, f32: boolean): number {
  const vecSize = Math.floor(size / width)
  let acc = 0
  for (let k = vecSize * width; k < size; k++) acc = f32 ? Math.fround(acc + x[base + k]!) : acc + x[base + k]!
  for (let l = 0; l < width; l++) {
    const lane = rowSum(x, base + l, width, vecSize, f32)
    acc = f32 ? Math.fround(acc + lane) : acc + lane
  }
  return acc
}

interface Dim {
  size: number
  si: number
  so: number
}

// TensorIterator::reorder_dimensions' comparator for operands (output, input) of a reduction.
function shouldSwap(d0: Dim, d1: Dim): number {
  if ((d0.so === 0) !== (d1.so === 0)) return d1.so === 0 ? 1 : -1
  if (d0.so !== 0 && d1.so !== 0) {
    if (d0.so < d1.so) return -1
    if (d0.so > d1.so) return 1
    if (d0.size > d1.size) return 1
  }
  if (d0.si !== 0 && d1.si !== 0) {
    if (d0.si < d1.si) return -1
    if (d0.si > d1.si) return 1
    if (d0.size > d1.size) return 1
  }
  return 0
}

/** One loop2d call of cascade_sum: `size0 x size1` inputs accumulated (+=) into `out`. */
function loop2d(
  x: TypedArray,
  xBase: number,
  o: TypedArray,
  oBase: number,
  size0: number,
  size1: number,
  in0: number,
  in1: number,
  out0: number,
  out1: number,
  width: number,
  f32: boolean,
): void {
  // Move the reduction to the first dim.
  if (out0 !== 0 && out1 === 0) {
    let t = in0
    in0 = in1
    in1 = t
    t = out0
    out0 = out1
    out1 = t
    t = size0
    size0 = size1
    size1 = t
  }
  if (out0 !== 0 && out1 !== 0) {
    // Not a reduction in this block: elementwise out += in.
    for (let j = 0; j < size1; j++) {
      for (let i = 0; i < size0; i++) {
        const k = oBase + i * out0 + j * out1
        const v = o[k]! + x[xBase + i * in0 + j * in1]!
        o[k] = f32 ? Math.fround(v) : v
      }
    }
    return
  }
  const innerVec = in0 === 1 && size0 >= width
  const outerVec = !innerVec && in1 === 1 && size1 >= width
  // Columns before `multi` take multi_row_sum (no 4-way split); the rest take row_sum.
  const multi = outerVec ? Math.floor(size1 / (4 * width)) * 4 * width : Math.floor(size1 / 4) * 4
  for (let j = 0; j < size1; j++) {
    const base = xBase + j * in1
    let v: number
    if (innerVec) v = vectorInnerSum(x, base, size0, width, f32)
    else if (!outerVec && in0 < in1) v = rowSum(x, base, in0, size0, f32)
    else v = j < multi ? multiRowSum(x, base, in0, size0, f32) : rowSum(x, base, in0, size0, f32)
    const k = oBase + j * out1
    const sum = o[k]! + v
    o[k] = f32 ? Math.fround(sum) : sum
  }
}

/**
 * Sums `a` over `dims` into the zero-filled contiguous `out` (keepdim shape). Floating sums follow PyTorch's
 * order of additions; integer sums are exact.
 */
export function cascadeSum(a: NDArray, dims: readonly number[], out: NDArray): void {
  const o = out.data
  const x = a.data
  o.fill(0)
  if (a.size === 0) return
  const nd = a.shape.length
  if (out.size === 1 && a.isContiguous() && (out.dtype === 'float32' || out.dtype === 'float64')) {
    // Everything reduced from one contiguous run: TensorIterator coalesces it into a single 1-D loop.
    const f32 = out.dtype === 'float32'
    const width = vectorWidth(f32)
    const n = a.size
    o[0] = n >= width ? vectorInnerSum(x, a.offset, n, width, f32) : shortRowSum(x, a.offset, n, f32)
    return
  }
  const reduced = new Array<boolean>(nd).fill(false)
  for (const d of dims) reduced[d] = true
  const outStrides = new Array<number>(nd)
  let s = 1
  for (let d = nd - 1; d >= 0; d--) {
    outStrides[d] = reduced[d] ? 0 : s
    s *= out.shape[d]!
  }
  // TensorIterator numbers dims fastest first; size-1 dims coalesce away, so drop them now.
  const list: Dim[] = []
  for (let d = nd - 1; d >= 0; d--) {
    if (a.shape[d] !== 1) list.push({ size: a.shape[d]!, si: a.strides[d]!, so: outStrides[d]! })
  }
  for (let i = 1; i < list.length; i++) {
    let d1 = i
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = shouldSwap(list[d0]!, list[d1]!)
      if (c > 0) {
        ;[list[d0], list[d1]] = [list[d1]!, list[d0]!]
        d1 = d0
      } else if (c < 0) break
    }
  }
  const dimsC: Dim[] = []
  for (const d of list) {
    const prev = dimsC[dimsC.length - 1]
    if (prev !== undefined && prev.si * prev.size === d.si && prev.so * prev.size === d.so) prev.size *= d.size
    else dimsC.push({ ...d })
  }
  const f32 = out.dtype === 'float32'
  const isFloat = f32 || out.dtype === 'float64'
  if (!isFloat) {
    // Integer and bool sums are exact in any order.
    walk(dimsC, a.offset, 0, (xi, oi) => {
      o[oi] = o[oi]! + x[xi]!
    })
    return
  }
  const width = vectorWidth(f32)
  const d0 = dimsC[0] ?? { size: 1, si: 0, so: 0 }
  const d1 = dimsC[1] ?? { size: 1, si: 0, so: 0 }
  const outer = dimsC.slice(2)
  walk(outer, a.offset, 0, (xi, oi) => {
    loop2d(x, xi, o, oi, d0.size, d1.size, d0.si, d1.si, d0.so, d1.so, width, f32)
  })
}

/** Visits every index of `dims` (first dim fastest) with the matching input and output offsets. */
function walk(dims: Dim[], xStart: number, oStart: number, body: (xi: number, oi: number) => void): void {
  const m = dims.length
  const idx = new Array<number>(m).fill(0)
  let xi = xStart
  let oi = oStart
  for (;;) {
    body(xi, oi)
    let d = 0
    for (; d < m; d++) {
      const dim = dims[d]!
      xi += dim.si
      oi += dim.so
      if (++idx[d]! < dim.size) break
      xi -= dim.si * dim.size
      oi -= dim.so * dim.size
      idx[d] = 0
    }
    if (d === m) return
  }
}
