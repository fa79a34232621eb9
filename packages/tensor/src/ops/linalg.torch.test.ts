// Float32 matmul and dot against PyTorch 1.13 on the reference machine (test/fixtures/tensor_matmul.json, written by
// tools/oracle/tensor_matmul.py). Bit-exact where we reproduce torch's summation order (see `bitExact` and the
// README); elsewhere within 1e-5, as before.
import { loadFixture } from '@descent/test-utils'
import { describe, expect, test } from 'vitest'
import { NDArray } from '../NDArray.js'
import { manualSeed, randn } from '../random/index.js'
import { reshape, slice, t, transpose } from '../views.js'
import { cast } from '../dtype.js'
import { addmm, dot, matmul } from './linalg.js'
import { abs } from './unary.js'
import { toTypedArray } from './read.js'

interface Case {
  op: 'matmul' | 'dot'
  note: string
  a: number[]
  la: Layout
  b: number[]
  lb: Layout
  shape: number[]
  out: string
}
type Layout = 'c' | 't' | 'w' | 'e' | 's2'
interface Stretch {
  seed: number
  x: [number, number]
  w: [number, number]
  firstDraws: number[]
  rows: number[]
  out: string
}

interface AddmmCase {
  note: string
  bias: number[]
  a: number[]
  b: number[]
  lb: Layout
  out: string
}

const fixture = loadFixture<{ cases: Case[]; addmm: AddmmCase[]; stretch: Stretch }>(import.meta.url, 'tensor_matmul')

// The xorshift32 stream tools/oracle/tensor_matmul.py draws its operands from, replayed in the same order.
let state = 2024
function xorshift32(): number {
  let x = state
  x = (x ^ (x << 13)) >>> 0
  x = (x ^ (x >>> 17)) >>> 0
  x = (x ^ (x << 5)) >>> 0
  state = x
  return x
}
function values(shape: number[]): Float32Array {
  const n = shape.reduce((p, d) => p * d, 1)
  const e = (xorshift32() % 13) - 6
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    const x = xorshift32()
    out[i] = ((x >>> 8) - 2 ** 23) * 2 ** (e + (x & 3) - 23)
  }
  return out
}

/** The operand with logical values `v` and PyTorch's strides for `layout`. */
function operand(v: Float32Array, shape: number[], layout: Layout): NDArray {
  if (layout === 'c') return new NDArray(v, shape, 'float32')
  if (layout === 's2') {
    const buf = new Float32Array(2 * v.length)
    v.forEach((x, i) => {
      buf[2 * i] = x
    })
    return slice(new NDArray(buf, [buf.length], 'float32'), 0, 0, undefined, 2)
  }
  const c = shape[shape.length - 1]!
  if (layout === 'w' || layout === 'e') {
    // 'w': the first c columns of rows of c + 3; 'e': every second column of rows of 2c.
    const width = layout === 'w' ? c + 3 : 2 * c
    const step = layout === 'w' ? 1 : 2
    const buf = new Float32Array((v.length / c) * width)
    for (let r = 0; r < v.length / c; r++) for (let j = 0; j < c; j++) buf[r * width + j * step] = v[r * c + j]!
    const wide = new NDArray(buf, [...shape.slice(0, -1), width], 'float32')
    return slice(wide, shape.length - 1, 0, layout === 'w' ? c : undefined, step)
  }
  // 't': the contiguous transpose, seen through transpose(-1, -2).
  const r = shape[shape.length - 2]!
  const sw = new Float32Array(v.length)
  for (let p = 0; p < v.length; p += r * c) {
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) sw[p + j * r + i] = v[p + i * c + j]!
  }
  const stored = reshape(new NDArray(sw, [sw.length], 'float32'), [...shape.slice(0, -2), c, r])
  return transpose(stored, -2, -1)
}

/** |x| in float64, for the error bound sum |a||b|. */
function wide(x: NDArray): NDArray {
  return abs(cast(x, 'float64'))
}

function decode(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64')
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))
}

interface Path {
  path: 'dot' | 'mm' | 'mv' | 'bmm'
  /** rows of the (folded) left operand, the sum length, columns of the right operand */
  m: number
  k: number
  n: number
}

/** Which path torch 1.13 takes (3-D @ 2-D and 2-D @ 3-D fold into mm, 1-D @ 3-D and 3-D @ 1-D into mv). */
function classify(c: Case): Path {
  const [a, b] = [c.a, c.b]
  const k = a[a.length - 1]!
  if (c.op === 'dot' || (a.length === 1 && b.length === 1)) return { path: 'dot', m: 1, k, n: 1 }
  // 3-D @ 2-D folds the batch into the rows.
  const m = a.length === 1 ? 1 : b.length <= 2 ? a.slice(0, -1).reduce((p, d) => p * d, 1) : a[a.length - 2]!
  const n = b.length === 1 ? 1 : b[b.length - 1]!
  if (b.length === 1 || (a.length === 1 && b.length >= 3)) return { path: 'mv', m, k, n }
  if (a.length <= 2 || b.length <= 2) return { path: 'mm', m, k, n }
  return { path: 'bmm', m, k, n }
}

/**
 * Where descent reproduces torch bit for bit (each rule was found by experiment, see src/backend/matmul.ts):
 * - dot: always (OpenBLAS sdot's tree, any length and stride);
 * - mm with a 2-D right operand (2-D @ 2-D, 1-D @ 2-D, and N-D @ 2-D folded into one mm): always, through
 *   aten's choice of BLAS problem and flags from the strides, then OpenBLAS's small-matrix kernels (FMA chains,
 *   or 16 lanes along K for TN and for NN's last rows) or its blocked kernel (FMA chains per K block of 320) past
 *   M * N * K = 10^6;
 * - bmm: always (aten's own loop below K * M * N = 400, the same sgemm plans per batch from there);
 * - 2-D @ 3-D, which torch folds into one mm of the transposes: only for K < 32 (plain FMA chains);
 * - mv: gemv's kernels block K in ways reproduced only for K = 1 and for a transposed matrix (gemv 'n') with
 *   M >= 2 and K != 4; close otherwise.
 * Everything else is checked against the float32 error bound instead.
 */
function bitExact(c: Case): boolean {
  const { path, k, m } = classify(c)
  if (path === 'dot' || path === 'bmm') return true
  if (path === 'mv') return k === 1 || (c.la === 't' && m >= 2 && k !== 4)
  return c.b.length === 2 || k < 32
}

describe('float32 matmul agrees with PyTorch 1.13', () => {
  const tally = { exact: 0, close: 0, closeButExact: 0 }
  fixture.cases.forEach((c, i) => {
    // Draw operands in case order, outside the test, so a filtered run still sees the stream's values.
    const a = operand(values(c.a), c.a, c.la)
    const b = operand(values(c.b), c.b, c.lb)
    const want = decode(c.out)
    const exact = bitExact(c)
    const name = `#${i} ${c.note}: ${c.op}([${c.a}]${c.la}, [${c.b}]${c.lb})${exact ? ' bit-exact' : ' to 1e-5'}`
    test(name, () => {
      const got = c.op === 'dot' ? dot(a, b) : matmul(a, b)
      expect(got.shape).toEqual(c.shape)
      const g = toTypedArray(got)
      if (exact) {
        tally.exact++
        for (let j = 0; j < want.length; j++) {
          // Object.is: bit for bit, including the sign of zero.
          if (!Object.is(g[j], want[j])) expect(g[j], `element ${j}`).toBe(want[j])
        }
      } else {
        tally.close++
        if (Array.from(want).every((w, j) => Object.is(g[j], w))) tally.closeButExact++
        // Any summation order lands within K ulp-sized steps of sum |a||b| (the float32 error bound); 1e-5
        // relative alone fails honest results of sums that cancel.
        const bound = toTypedArray(c.op === 'dot' ? dot(wide(a), wide(b)) : matmul(wide(a), wide(b)))
        const k = classify(c).k
        for (let j = 0; j < want.length; j++) {
          const tol = 1e-5 * Math.abs(want[j]!) + 2 * k * 2 ** -24 * bound[j]!
          expect(Math.abs(g[j]! - want[j]!), `element ${j}: ${g[j]} vs ${want[j]}`).toBeLessThanOrEqual(tol)
        }
      }
    })
  })
  test('the bit-exact set covers the notebook shapes', () => {
    const notes = fixture.cases.filter(bitExact).map((c) => c.note)
    for (const n of ['Linear(1,1) forward, batch 35', 'Linear(1,1) grad_weight = grad.t() @ x, batch 35', '[1,4] @ [4,1]']) {
      expect(notes).toContain(n)
    }
    expect(fixture.cases.filter(bitExact).length).toBeGreaterThan(fixture.cases.length / 2)
  })
})

describe('addmm (F.linear with a bias) agrees with PyTorch 1.13 bit for bit', () => {
  // Drawn after all the matmul cases, as the oracle draws them.
  const drawn = fixture.addmm.map((c) => {
    const bias = operand(values(c.bias), c.bias, 'c')
    const a = operand(values(c.a), c.a, 'c')
    const b = operand(values(c.b), c.b, c.lb)
    return { c, bias, a, b }
  })
  drawn.forEach(({ c, bias, a, b }, i) => {
    test(`#${i} addmm([${c.bias}], [${c.a}], [${c.b}]${c.lb})`, () => {
      const g = toTypedArray(addmm(bias, a, b))
      const want = decode(c.out)
      expect(g.length).toBe(want.length)
      for (let j = 0; j < want.length; j++) if (!Object.is(g[j], want[j])) expect(g[j], `element ${j}`).toBe(want[j])
    })
  })
})

describe('an MNIST-sized layer, [128, 784] @ [784, 256]', () => {
  test('is bit-exact on three rows (the blocked sgemm kernel: K in blocks of 320, 232, 232)', () => {
    const s = fixture.stretch
    manualSeed(s.seed)
    const x = randn(s.x)
    const w = randn(s.w)
    expect(Array.from(toTypedArray(x).slice(0, 4))).toEqual(s.firstDraws)
    const out = matmul(x, t(w))
    const want = decode(s.out)
    const m = s.w[0]
    const rows = new Float32Array(s.rows.length * m)
    const o = toTypedArray(out)
    s.rows.forEach((r, q) => {
      rows.set(o.subarray(r * m, (r + 1) * m), q * m)
    })
    for (let j = 0; j < want.length; j++) if (rows[j] !== want[j]) expect(rows[j], `element ${j}`).toBe(want[j])
  })
})
