// Agreement with PyTorch 1.13: every case in test/fixtures/tensor_ops.json (written by tools/oracle/tensor_ops.py).
import { expectClose, loadFixture, ulpDistance } from '@descent/test-utils'
import { describe, expect, test } from 'vitest'
import { NDArray, allocate, shapeSize } from './NDArray.js'
import type { DType } from './NDArray.js'
import * as T from './index.js'

interface Encoded {
  shape: number[]
  dtype: DType
  data: string
}
type Input = { ref: number } | number | boolean | null
interface OpCase {
  op: string
  inputs: Input[]
  kwargs: Record<string, unknown>
  out?: Encoded
  error?: { type: string; message: string }
}
interface Fixture {
  promotion: { a: [string, DType]; b: [string, DType]; result: DType }[]
  tensors: Encoded[]
  ops: OpCase[]
  prints: { t: Encoded; repr: string }[]
  suffixed: { t: Encoded; suffixes: string[]; repr: string }[]
}

const fixture = loadFixture<Fixture>(import.meta.url, 'tensor_ops')

function decode(e: Encoded): NDArray {
  const n = shapeSize(e.shape)
  const data = allocate(e.dtype, n)
  // A lone 'NaN' or 'Infinity' string was revived into a number by loadFixture.
  if (n > 0) String(e.data).split(' ').forEach((s, i) => {
    data[i] = Number(s)
  })
  return new NDArray(data, e.shape, e.dtype)
}

const tensors = fixture.tensors.map(decode)
const input = (x: Input): NDArray | number => {
  if (x !== null && typeof x === 'object') return tensors[x.ref]!
  return x as number
}

// biome-ignore lint/suspicious/noExplicitAny: keyword arguments straight from the JSON fixture
type Kw = Record<string, any>
const arr = (x: NDArray | number) => x as NDArray
const dims = (d: unknown) => (d ?? undefined) as number | number[] | undefined

// Each fixture op name mapped to descent's call with PyTorch's keyword arguments.
const ops: Record<string, (args: (NDArray | number)[], kw: Kw) => NDArray> = {
  clamp: ([a], kw) => T.clamp(arr(a!), kw.min ?? undefined, kw.max ?? undefined),
  where: ([c, a, b]) => T.where(arr(c!), a!, b!),
  sum: ([a], kw) => T.sum(arr(a!), dims(kw.dim), kw.keepdim),
  sum_t: ([a], kw) => T.sum(T.transpose(arr(a!), 0, -1), dims(kw.dim)),
  mean: ([a], kw) => T.mean(arr(a!), dims(kw.dim), kw.keepdim),
  var: ([a], kw) => T.variance(arr(a!), dims(kw.dim), { correction: kw.correction, keepdim: kw.keepdim }),
  std: ([a], kw) => T.std(arr(a!), dims(kw.dim), { correction: kw.correction, keepdim: kw.keepdim }),
  logsumexp: ([a], kw) => T.logsumexp(arr(a!), dims(kw.dim)!, kw.keepdim),
  max: ([a], kw) => T.max(arr(a!), kw.dim, kw.keepdim),
  min: ([a], kw) => T.min(arr(a!), kw.dim, kw.keepdim),
  argmax: ([a], kw) => T.argmax(arr(a!), kw.dim, kw.keepdim),
  argmin: ([a], kw) => T.argmin(arr(a!), kw.dim, kw.keepdim),
  matmul: ([a, b]) => T.matmul(arr(a!), arr(b!)),
  dot: ([a, b]) => T.dot(arr(a!), arr(b!)),
  arange: (args) => (args.length === 1 ? T.arange(args[0] as number) : T.arange(...(args as [number, number, number?]))),
  arange64: (args) => T.arange(args[0] as number, args[1] as number, args[2] as number | undefined, { dtype: 'float64' }),
  linspace: ([s, e, n]) => T.linspace(s as number, e as number, n as number),
  linspace64: ([s, e, n]) => T.linspace(s as number, e as number, n as number, { dtype: 'float64' }),
  eye: (args) => T.eye(...(args as [number, number?])),
  reshape: ([a], kw) => T.reshape(arr(a!), kw.shape),
  view: ([a], kw) => T.view(arr(a!), kw.shape),
  reshape_t: ([a], kw) => T.reshape(T.t(arr(a!)), kw.shape),
  view_t: ([a], kw) => T.view(T.t(arr(a!)), kw.shape),
  expand: ([a], kw) => T.expand(arr(a!), kw.shape),
  select: ([a], kw) => T.select(arr(a!), kw.dim, kw.index),
  narrow: ([a], kw) => T.narrow(arr(a!), kw.dim, kw.start, kw.length),
  transpose: ([a], kw) => T.transpose(arr(a!), kw.dim0, kw.dim1),
  permute: ([a], kw) => T.permute(arr(a!), kw.dims),
  squeeze: ([a], kw) => T.squeeze(arr(a!), kw.dim),
  unsqueeze: ([a], kw) => T.unsqueeze(arr(a!), kw.dim),
  flatten: ([a], kw) => T.flatten(arr(a!), kw.start_dim, kw.end_dim),
  t: ([a]) => T.t(arr(a!)),
  sumToShape: ([a], kw) => T.sumToShape(arr(a!), kw.shape),
}
const { neg, abs, exp, log, sqrt, square, sin, cos, tanh, sigmoid, relu, sign, reciprocal } = T
const unary = { neg, abs, exp, log, sqrt, square, sin, cos, tanh, sigmoid, relu, sign, reciprocal }
for (const [name, f] of Object.entries(unary)) ops[name] = ([a]) => f(arr(a!))
const { add, sub, mul, div, pow, maximum, minimum, eq, ne, lt, le, gt, ge } = T
const binary = { add, sub, mul, div, pow, maximum, minimum, eq, ne, lt, le, gt, ge }
for (const [name, f] of Object.entries(binary)) {
  ops[name] = ([a, b]) => f(a!, b!)
  // A Python scalar on the left: PyTorch's reflected operators.
  ops[`${name}_r`] = ([a, b]) => f(b!, a!)
}

// Ops whose float results come from libm/SLEEF or BLAS: within a few ulp of PyTorch rather than bit-exact.
const transcendental = new Set(['exp', 'log', 'sin', 'cos', 'tanh', 'sigmoid', 'pow', 'pow_r', 'logsumexp'])
const blas = new Set(['matmul', 'dot'])

function label(c: OpCase, i: number): string {
  const shapes = c.inputs.map((x) => (x !== null && typeof x === 'object' ? `${tensors[x.ref]!.dtype}[${tensors[x.ref]!.shape}]` : String(x)))
  return `#${i} ${c.op}(${shapes.join(', ')}${Object.keys(c.kwargs).length ? `, ${JSON.stringify(c.kwargs)}` : ''})`
}

describe('ops agree with PyTorch', () => {
  const counts = { exact: 0, ulp: 0, error: 0 }
  fixture.ops.forEach((c, i) => {
    test(label(c, i), () => {
      const run = () => ops[c.op]!(c.inputs.map(input), c.kwargs)
      expect(ops[c.op], `no mapping for ${c.op}`).toBeDefined()
      if (c.error) {
        counts.error++
        expect(run).toThrow(c.error.message)
        try {
          run()
        } catch (e) {
          expect((e as Error).name).toBe(c.error.type)
        }
        return
      }
      const got = run()
      const want = decode(c.out!)
      expect(got.shape).toEqual(want.shape)
      expect(got.dtype).toBe(want.dtype)
      const g = T.toTypedArray(got)
      if (blas.has(c.op) && (want.dtype === 'float32' || want.dtype === 'float64')) {
        expectClose(got, want, { rtol: want.dtype === 'float32' ? 1e-5 : 1e-12, atol: want.dtype === 'float32' ? 1e-5 : 1e-12 })
      } else if (transcendental.has(c.op) && (want.dtype === 'float32' || want.dtype === 'float64')) {
        counts.ulp++
        for (let k = 0; k < want.size; k++) {
          const d = ulpDistance(g[k]!, want.data[k]!, want.dtype)
          if (Number.isNaN(d)) expect(Number.isNaN(g[k]!) && Number.isNaN(want.data[k]!), `element ${k}`).toBe(true)
          else expect(d, `element ${k}: ${g[k]} vs ${want.data[k]}`).toBeLessThanOrEqual(1)
        }
      } else {
        counts.exact++
        // Bit-exact, -0 included.
        for (let k = 0; k < want.size; k++) {
          if (!Object.is(g[k], want.data[k])) expect.fail(`element ${k}: got ${g[k]}, PyTorch ${want.data[k]}`)
        }
      }
    })
  })
})

describe('resultType agrees with torch.result_type', () => {
  // A Python scalar of each kind: 3 (int), 2.5 (float), True (bool).
  const operand = ([kind, dtype]: [string, DType]): NDArray | number | boolean => {
    if (kind === 'dim') return T.zeros([2], { dtype })
    if (kind === 'zero') return T.zeros([], { dtype })
    return { int64: 3, float32: 2.5, bool: true, float64: 2.5 }[dtype]
  }
  test.each(fixture.promotion.map((p) => [`${p.a.join(' ')} with ${p.b.join(' ')}`, p] as const))('%s', (_, p) => {
    expect(T.resultType(operand(p.a), operand(p.b))).toBe(p.result)
  })
})

describe('format prints what PyTorch prints', () => {
  fixture.prints.forEach((p, i) => {
    test(`#${i} ${p.repr.slice(0, 60).replace(/\n/g, '⏎')}`, () => {
      expect(T.format(decode(p.t))).toBe(p.repr)
    })
  })
  fixture.suffixed.forEach((p, i) => {
    test(`suffixed #${i} ${p.suffixes.join(', ')}`, () => {
      expect(T.format(decode(p.t), { suffixes: p.suffixes })).toBe(p.repr)
    })
  })
})
