// Float32 matrix products summed in the order PyTorch 1.13's CPU paths sum them on this project's reference machine
// (Debian torch 1.13 on OpenBLAS 0.3.21, which picks its SkylakeX/Cooperlake kernels on an AVX-512 CPU). The orders
// were found by experiment: +-2^100 placed at two positions i, j with ones elsewhere leaves n minus the size of the
// smallest summation subtree holding both, which reveals the whole tree; then random values tell FMA from mul + add.
import type { NDArray, TypedArray } from '../NDArray.js'
import { fma32 } from './fma.js'

const fround = Math.fround

/** Which PyTorch path a product takes: they sum in different orders, so each needs its own kernel. */
export type MatmulPath = 'mm' | 'addmm' | 'bmm' | 'mv' | 'dot'

/**
 * aten's bmm loops itself (no BLAS) when K * M * N < 400: a float32 accumulator, products rounded before the add
 * (LinearAlgebra.cpp is compiled without -mfma).
 */
export const BMM_LOOP_LIMIT = 400

/**
 * One FMA per k in order from +0: how OpenBLAS's sgemm kernels sum an output that they vectorise across outputs
 * (every shape with K < 32; see `gemmPlan` for the rest). Also the stand-in for gemv, which is only close.
 */
function gemmDot(ad: TypedArray, ia: number, sa: number, bd: TypedArray, ib: number, sb: number, k: number): number {
  let acc = 0
  for (let l = 0; l < k; l++, ia += sa, ib += sb) acc = fma32(ad[ia]!, bd[ib]!, acc)
  return acc
}

const lanes = new Float64Array(16)

/** Sums k terms in 16 lanes (lane l takes the terms k = l mod 16, one FMA each, in order), as sgemm's small TN kernel does. */
function laneSums(ad: TypedArray, ia: number, sa: number, bd: TypedArray, ib: number, sb: number, k: number): void {
  lanes.fill(0)
  for (let l = 0; l < k; l++, ia += sa, ib += sb) lanes[l & 15] = fma32(ad[ia]!, bd[ib]!, lanes[l & 15]!)
}

/** Lanes folded pairwise, neighbours first: the transpose-and-add that finishes four outputs at once. */
function foldAdjacent(): number {
  for (let w = 8; w >= 1; w >>= 1) for (let l = 0; l < w; l++) lanes[l] = fround(lanes[2 * l]! + lanes[2 * l + 1]!)
  return lanes[0]!
}

/** Lanes folded in halves (l + l+8, then l + l+4, ...): _mm512_reduce_add_ps, for an output finished alone. */
function foldHalves(): number {
  for (let w = 8; w >= 1; w >>= 1) for (let l = 0; l < w; l++) lanes[l] = fround(lanes[l]! + lanes[l + w]!)
  return lanes[0]!
}

/**
 * How sgemm sums: FMA chains (split into K blocks), or 16 lanes along K (`fromRow`: the first BLAS row summed that
 * way). `swap` says aten handed BLAS the transposed problem, so BLAS row i, column j is torch's output [j, i].
 */
type GemmPlan = { swap: boolean; m: number; n: number } & (
  | { kind: 'chain'; blocks: number[] }
  | { kind: 'lanes'; fromRow: number }
)

/** OpenBLAS's K blocking (GEMM_Q = 320 here): whole blocks of 320, and a last stretch under 640 cut in two halves. */
function kBlocks(k: number): number[] {
  const ends: number[] = []
  let at = 0
  while (at < k) {
    let len = k - at
    if (len >= 640) len = 320
    else if (len > 320) len = (len + 1) >> 1
    at += len
    ends.push(at)
  }
  return ends
}

/**
 * The summation plan of torch.mm on [rows, k] @ [k, cols] with these strides, found by experiment.
 * aten (addmm_impl_cpu_) picks the BLAS problem from the strides: a row-major output with cols >= 2 becomes
 * C^T = B^T A^T (BLAS m = cols, n = rows, BLAS A = torch B), a single column stays C = A B; each operand is 'N'
 * when column-major for BLAS, 'T' when row-major, and copied when neither. OpenBLAS then takes its small-matrix
 * kernels when m * n * k <= 10^6: from k = 32 the TN one (only for m * n <= 1200) sums every output in 16 lanes
 * along K, the NN one does so for the last m % 16 rows when that is 1..8, and NT, TT and every k < 32 chain FMAs.
 * Past 10^6 (and TN past 1200) the blocked kernel chains FMAs per K block and adds the blocks into C.
 */
function gemmPlan(rows: number, k: number, cols: number, as1: number, as2: number, bs1: number, bs2: number): GemmPlan {
  const swap = cols !== 1
  const m = swap ? cols : rows
  const n = swap ? rows : cols
  // Which of torch's operands is BLAS's A (m x k) and B (k x n), as [stride along BLAS rows, along BLAS cols].
  const [a0, a1] = swap ? [bs2, bs1] : [as1, as2]
  const [b0, b1] = swap ? [as2, as1] : [bs1, bs2]
  // Column-major for BLAS: 'N'; row-major: 'T'; otherwise aten copies it to torch-contiguous, which is 'N' for
  // the swapped problem and 'T' for the plain one.
  const transA = a0 === 1 && a1 >= Math.max(1, m) ? false : a1 === 1 && a0 >= Math.max(1, k) ? true : !swap
  const transB = b0 === 1 && b1 >= Math.max(1, k) ? false : b1 === 1 && b0 >= Math.max(1, n) ? true : !swap
  if (m * n * k > 1e6) return { swap, m, n, kind: 'chain', blocks: kBlocks(k) }
  if (k >= 32 && !transB) {
    if (transA) {
      return m * n <= 1200 ? { swap, m, n, kind: 'lanes', fromRow: 0 } : { swap, m, n, kind: 'chain', blocks: kBlocks(k) }
    }
    const rem = m % 16
    if (rem >= 1 && rem <= 8) return { swap, m, n, kind: 'lanes', fromRow: m - rem }
  }
  return { swap, m, n, kind: 'chain', blocks: [k] }
}

/**
 * An FMA chain per K block, each block's sum added into the output in float32; for addmm the output starts as
 * C (`init`), so C joins before the first block.
 */
function blockedDot(
  ad: TypedArray,
  ia: number,
  sa: number,
  bd: TypedArray,
  ib: number,
  sb: number,
  ends: number[],
  init: number | null,
): number {
  let out = init ?? 0
  let l = 0
  for (let q = 0; q < ends.length; q++) {
    let acc = 0
    for (; l < ends[q]!; l++, ia += sa, ib += sb) acc = fma32(ad[ia]!, bd[ib]!, acc)
    out = q === 0 && init === null ? acc : fround(out + acc)
  }
  return out
}

/** aten's own bmm loop: acc += a * b in float32, each product rounded. */
function loopDot(ad: TypedArray, ia: number, sa: number, bd: TypedArray, ib: number, sb: number, k: number): number {
  let acc = 0
  for (let l = 0; l < k; l++, ia += sa, ib += sb) acc = fround(acc + fround(ad[ia]! * bd[ib]!))
  return acc
}

const lanes16 = new Float64Array(64)
const lanes8 = new Float64Array(32)

/**
 * OpenBLAS sdot (sdot.c with the SkylakeX micro-kernel) for unit strides: the first n & -32 terms go through four
 * 16-lane FMA accumulators (64 terms a round), each folded to 8 lanes (lane l + lane l+8), then one more round of
 * four 8-lane accumulators for a remaining 32; the four are summed in order, 8 lanes fold to 4 (l + l+4) and to one
 * as (v0 + v1) + (v2 + v3). The last n % 32 products are rounded to float32 and summed in a double with the vector
 * part, which is rounded once at the end.
 */
function sdotUnit(xd: TypedArray, ix: number, yd: TypedArray, iy: number, n: number): number {
  const n1 = n & -32
  let i = 0
  lanes16.fill(0)
  for (; i + 64 <= n1; i += 64) {
    for (let j = 0; j < 64; j++) lanes16[j] = fma32(xd[ix + i + j]!, yd[iy + i + j]!, lanes16[j]!)
  }
  for (let q = 0; q < 4; q++) {
    for (let l = 0; l < 8; l++) lanes8[8 * q + l] = fround(lanes16[16 * q + l]! + lanes16[16 * q + l + 8]!)
  }
  if (i < n1) {
    for (let j = 0; j < 32; j++) lanes8[j] = fma32(xd[ix + i + j]!, yd[iy + i + j]!, lanes8[j]!)
    i += 32
  }
  const v: number[] = []
  for (let l = 0; l < 8; l++) v.push(fround(fround(fround(lanes8[l]! + lanes8[8 + l]!) + lanes8[16 + l]!) + lanes8[24 + l]!))
  const v4 = [0, 1, 2, 3].map((l) => fround(v[l]! + v[l + 4]!))
  let d = fround(fround(v4[0]! + v4[1]!) + fround(v4[2]! + v4[3]!))
  for (; i < n; i++) d += fround(xd[ix + i]! * yd[iy + i]!)
  return fround(d)
}

/**
 * OpenBLAS sdot for other strides: pairs summed as fma(x[i], y[i], x[i+1] * y[i+1]) into a double, then a last
 * odd product, rounded once at the end.
 */
function sdotStrided(xd: TypedArray, ix: number, sx: number, yd: TypedArray, iy: number, sy: number, n: number): number {
  let d = 0
  let i = 0
  for (; i + 2 <= n; i += 2, ix += 2 * sx, iy += 2 * sy) {
    d += fma32(xd[ix]!, yd[iy]!, fround(xd[ix + sx]! * yd[iy + sy]!))
  }
  if (i < n) d += fround(xd[ix]! * yd[iy]!)
  return fround(d)
}

/** The float32 dot product of n elements as torch.dot computes it (OpenBLAS sdot). */
export function sdot(xd: TypedArray, ix: number, sx: number, yd: TypedArray, iy: number, sy: number, n: number): number {
  // aten passes unit strides for n = 1.
  if (n <= 1 || (sx === 1 && sy === 1)) return sdotUnit(xd, ix, yd, iy, n)
  return sdotStrided(xd, ix, sx, yd, iy, sy, n)
}

/**
 * out[p] = a[p] @ b[p] for 3-D views a [B, n, k], b [B, k, m] and the contiguous out [B, n, m], summed the way
 * `path` sums in PyTorch when the dtype is float32; other dtypes accumulate each output in a double, rounded once.
 */
export function matmulKernel(a: NDArray, b: NDArray, out: NDArray, path: MatmulPath = 'mm'): void {
  if (out.dtype !== 'float32') {
    matmulWide(a, b, out, path === 'addmm')
    return
  }
  const [batch, n, k] = a.shape as [number, number, number]
  const m = b.shape[2]!
  const [as0, as1, as2] = a.strides as [number, number, number]
  const [bs0, bs1, bs2] = b.strides as [number, number, number]
  const ad = a.data
  const bd = b.data
  const od = out.data
  let io = out.offset
  if (path === 'dot') {
    for (let p = 0; p < batch; p++) od[io++] = sdot(ad, a.offset + p * as0, as2, bd, b.offset + p * bs0, bs1, k)
    return
  }
  if (path === 'mm' || path === 'addmm' ? batch === 1 : path === 'bmm' && k * n * m >= BMM_LOOP_LIMIT) {
    // sgemm, once for mm and addmm (C = C + A B: out arrives holding C) and once per batch for bmm.
    const plan = gemmPlan(n, k, m, as1, as2, bs1, bs2)
    const add = path === 'addmm'
    // Lanes: four BLAS rows finish together (neighbours folded first); in the last (m - fromRow) % 4 rows, four
    // BLAS columns at a time do, and the last n % 4 of those are finished one by one.
    const r4 = plan.kind === 'lanes' ? plan.fromRow + ((plan.m - plan.fromRow) & -4) : 0
    const c4 = plan.n & -4
    for (let p = 0; p < batch; p++) {
      const ap = a.offset + p * as0
      const bp = b.offset + p * bs0
      for (let i = 0; i < n; i++) {
        const ai = ap + i * as1
        for (let j = 0; j < m; j++) {
          const bj = bp + j * bs2
          if (plan.kind === 'chain') {
            od[io] = blockedDot(ad, ai, as2, bd, bj, bs1, plan.blocks, add ? od[io]! : null)
            io++
            continue
          }
          const [bi, bc] = plan.swap ? [j, i] : [i, j]
          let r: number
          if (bi < plan.fromRow) r = gemmDot(ad, ai, as2, bd, bj, bs1, k)
          else {
            laneSums(ad, ai, as2, bd, bj, bs1, k)
            r = bi < r4 || bc < c4 ? foldAdjacent() : foldHalves()
          }
          // The small kernels finish with alpha * sum + beta * C.
          od[io] = add ? fround(od[io]! + r) : r
          io++
        }
      }
    }
    return
  }
  const dotFn = path === 'bmm' && k * n * m < BMM_LOOP_LIMIT ? loopDot : gemmDot
  for (let p = 0; p < batch; p++) {
    const ap = a.offset + p * as0
    const bp = b.offset + p * bs0
    for (let i = 0; i < n; i++) {
      const ai = ap + i * as1
      for (let j = 0; j < m; j++) od[io++] = dotFn(ad, ai, as2, bd, bp + j * bs2, bs1, k)
    }
  }
}

/** float64 and int64: each output summed in a double (int64 exactly while it stays below 2^53), rounded once. */
function matmulWide(a: NDArray, b: NDArray, out: NDArray, add: boolean): void {
  const [batch, n, k] = a.shape as [number, number, number]
  const m = b.shape[2]!
  const [as0, as1, as2] = a.strides as [number, number, number]
  const [bs0, bs1, bs2] = b.strides as [number, number, number]
  const ad = a.data
  const bd = b.data
  const od = out.data
  const row = new Float64Array(m)
  let io = out.offset
  for (let p = 0; p < batch; p++) {
    const ap = a.offset + p * as0
    const bp = b.offset + p * bs0
    for (let i = 0; i < n; i++) {
      row.fill(0)
      const ai = ap + i * as1
      for (let l = 0; l < k; l++) {
        const x = ad[ai + l * as2]!
        let ib = bp + l * bs1
        for (let j = 0; j < m; j++, ib += bs2) row[j] += x * bd[ib]!
      }
      for (let j = 0; j < m; j++, io++) od[io] = add ? od[io]! + row[j]! : row[j]!
    }
  }
}
