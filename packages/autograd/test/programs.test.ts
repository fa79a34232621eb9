// Replays the PyTorch programs of tools/oracle/autograd_programs.py: values, gradients, gradFn names, text forms.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { type Tensor, grad, tensor, where } from '../src/index.js'

interface Step {
  out: string
  op: string
  input: string
  args: unknown[]
}
interface Program {
  inputs: { name: string; data: unknown; dtype: 'float32' | 'float64'; requiresGrad: boolean }[]
  steps: Step[]
  output: string
  results: { value: unknown; gradFn: string | null; repr: string; dtype: string; shape: number[] }[]
  grads: Record<string, unknown>
  secondOrder: { first: Record<string, unknown>; second: Record<string, unknown> } | null
  leafRepr: Record<string, string>
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/autograd_programs.json', import.meta.url), 'utf8'))
const programs: Program[] = fixture.cases

function run(op: string, a: Tensor, args: unknown[]): Tensor {
  const n = args as never[]
  switch (op) {
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'pow':
    case 'maximum':
    case 'minimum':
    case 'matmul':
    case 'dot':
      return (a[op] as (o: unknown) => Tensor)(n[0])
    case 'neg':
    case 'abs':
    case 'exp':
    case 'log':
    case 'sqrt':
    case 'square':
    case 'sin':
    case 'cos':
    case 'tanh':
    case 'sigmoid':
    case 'relu':
    case 'sign':
    case 'reciprocal':
    case 't':
    case 'clone':
    case 'contiguous':
    case 'double':
    case 'float':
      return (a[op] as () => Tensor)()
    case 'clamp':
      return a.clamp(n[0] ?? undefined, n[1] ?? undefined)
    case 'sum':
    case 'mean':
      return n[0] === null ? a[op]() : a[op](n[0], n[1])
    case 'max':
    case 'min':
      return n[0] === null ? a[op]() : a[op](n[0], n[1])
    case 'var':
    case 'std':
      return a[op](n[0] ?? undefined, { correction: n[1], keepdim: n[2] ?? false })
    case 'logsumexp':
      return a.logsumexp(n[0], n[1])
    case 'softmax':
      return a.softmax(n[0])
    case 'logSoftmax':
      return a.logSoftmax(n[0])
    case 'reshape':
      return a.reshape(n[0])
    case 'view':
      return a.view(n[0])
    case 'permute':
      return a.permute(n[0])
    case 'expand':
      return a.expand(n[0])
    case 'transpose':
      return a.transpose(n[0], n[1])
    case 'squeeze':
      return a.squeeze(n[0] ?? undefined)
    case 'unsqueeze':
      return a.unsqueeze(n[0])
    case 'flatten':
      return a.flatten(n[0], n[1])
    case 'select':
      return a.select(n[0], n[1])
    case 'narrow':
      return a.narrow(n[0], n[1], n[2])
    case 'slice':
      return a.slice(n[0], n[1], n[2], n[3])
    case 'where':
      return where((n[0] as Tensor).gt(0), a, n[1])
    case 'iter':
      return [...a][n[0]]!
  }
  throw new Error(`unknown op ${op}`)
}

function num(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(num)
  if (v === 'NaN') return Number.NaN
  if (v === 'Infinity') return Number.POSITIVE_INFINITY
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY
  return v
}

/** Elementwise closeness with a tolerance suited to the dtype (transcendental kernels may differ in the last ulp). */
function expectClose(actual: unknown, expected: unknown, dtype: string, where: string): void {
  const a = [actual].flat(8) as number[]
  const e = [num(expected)].flat(8) as number[]
  expect(a.length, where).toBe(e.length)
  const rtol = dtype === 'float64' ? 1e-12 : 2e-6
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = e[i]!
    if (Number.isNaN(y)) {
      expect(Number.isNaN(x), `${where}[${i}]`).toBe(true)
      continue
    }
    if (x === y) continue
    const tol = rtol * Math.max(1, Math.abs(y))
    if (!(Math.abs(x - y) <= tol)) expect(x, `${where}[${i}] (tolerance ${tol})`).toBe(y)
  }
}

function describeProgram(p: Program): string {
  return p.steps.map((s) => `${s.op}(${[s.input, ...s.args.map((a) => JSON.stringify(a))].join(', ')})`).join(' ')
}

describe('PyTorch autograd programs', () => {
  test.each(programs.map((p, i) => [i, describeProgram(p), p] as const))('#%i %s', (_i, _name, p) => {
    const env: Record<string, unknown> = {}
    const leaves: Record<string, Tensor> = {}
    for (const input of p.inputs) {
      const t = tensor(num(input.data), { dtype: input.dtype, requiresGrad: input.requiresGrad })
      env[input.name] = t
      leaves[input.name] = t
    }
    const resolve = (v: unknown) => (typeof v === 'string' && v.startsWith('$') ? env[v.slice(1)] : v)
    p.steps.forEach((s, k) => {
      const out = run(s.op, env[s.input] as Tensor, s.args.map(resolve))
      env[s.out] = out
      const r = p.results[k]!
      expect(out.gradFn?.name ?? null, `gradFn of ${s.out}`).toBe(r.gradFn)
      expect(out.dtype, `dtype of ${s.out}`).toBe(r.dtype)
      expect(out.shape, `shape of ${s.out}`).toEqual(r.shape)
      expectClose(out.tolist(), r.value, r.dtype, `value of ${s.out}`)
    })
    ;(env[p.output] as Tensor).backward()
    for (const [name, g] of Object.entries(p.grads)) {
      const actual = leaves[name]!.grad
      if (g === null) expect(actual, `grad of ${name}`).toBeNull()
      else expectClose(actual!.tolist(), g, leaves[name]!.dtype, `grad of ${name}`)
    }
  })
})

/** A gradient PyTorch left undefined (None) and one of zeros are the same thing numerically. */
function expectGradClose(actual: Tensor | null | undefined, expected: unknown, dtype: string, where: string) {
  const values = (v: unknown) => [num(v)].flat(8) as number[]
  if (expected === null) {
    if (actual !== null && actual !== undefined) expect(values(actual.tolist()).every((v) => v === 0), where).toBe(true)
  } else if (actual === null || actual === undefined) {
    expect(values(expected).every((v) => v === 0), `${where} (descent gave none)`).toBe(true)
  } else {
    expectClose(actual.tolist(), expected, dtype, where)
  }
}

describe('PyTorch second derivatives: grad(createGraph) then grad of the summed gradients', () => {
  const cases = programs.map((p, i) => [i, describeProgram(p), p] as const).filter(([, , p]) => p.secondOrder !== null)
  test.each(cases)('#%i %s', (_i, _name, p) => {
    const env: Record<string, unknown> = {}
    const leaves: [string, Tensor][] = []
    for (const input of p.inputs) {
      const t = tensor(num(input.data), { dtype: input.dtype, requiresGrad: input.requiresGrad })
      env[input.name] = t
      if (input.requiresGrad) leaves.push([input.name, t])
    }
    const resolve = (v: unknown) => (typeof v === 'string' && v.startsWith('$') ? env[v.slice(1)] : v)
    for (const s of p.steps) env[s.out] = run(s.op, env[s.input] as Tensor, s.args.map(resolve))
    const xs = leaves.map(([, t]) => t)
    const firsts = grad(env[p.output] as Tensor, xs, { createGraph: true, allowUnused: true })
    const dtype = xs[0]!.dtype
    for (const [k, [name]] of leaves.entries()) {
      expectGradClose(firsts[k], p.secondOrder!.first[name], dtype, `first of ${name}`)
    }
    let total = tensor(0, { dtype })
    for (const g of firsts) if (g?.requiresGrad) total = total.add(g.sum())
    const seconds = total.requiresGrad ? grad(total, xs, { allowUnused: true }) : xs.map(() => null)
    for (const [k, [name]] of leaves.entries()) {
      expectGradClose(seconds[k], p.secondOrder!.second[name], dtype, `second of ${name}`)
    }
  })
})

describe('PyTorch text forms', () => {
  test.each(programs.slice(0, 120).map((p, i) => [i, p] as const))('#%i', (_i, p) => {
    const env: Record<string, unknown> = {}
    for (const input of p.inputs) {
      const t = tensor(num(input.data), { dtype: input.dtype, requiresGrad: input.requiresGrad })
      env[input.name] = t
      expect(t.toString()).toBe(p.leafRepr[input.name])
    }
    const resolve = (v: unknown) => (typeof v === 'string' && v.startsWith('$') ? env[v.slice(1)] : v)
    p.steps.forEach((s, k) => {
      const out = run(s.op, env[s.input] as Tensor, s.args.map(resolve))
      env[s.out] = out
      expect(out.toString()).toBe(p.results[k]!.repr)
    })
  })
})
