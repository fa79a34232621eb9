// Replays tools/oracle/autograd_saved.py: descent refuses backward after an in-place change exactly when PyTorch does.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { type Tensor, noGrad, tensor } from '../src/index.js'

interface Case {
  op: string
  needs: boolean[]
  target: number | 'out' | 'second'
  refuses: boolean
}

const cases: Case[] = JSON.parse(readFileSync(new URL('./fixtures/autograd_saved.json', import.meta.url), 'utf8')).cases

const unary: Record<string, (a: Tensor) => Tensor> = {
  neg: (a) => a.neg(),
  abs: (a) => a.abs(),
  exp: (a) => a.exp(),
  log: (a) => a.log(),
  sqrt: (a) => a.sqrt(),
  square: (a) => a.square(),
  sin: (a) => a.sin(),
  cos: (a) => a.cos(),
  tanh: (a) => a.tanh(),
  sigmoid: (a) => a.sigmoid(),
  relu: (a) => a.relu(),
  sign: (a) => a.sign(),
  reciprocal: (a) => a.reciprocal(),
  clamp: (a) => a.clamp(0.5, 1.5),
  pow2: (a) => a.pow(2),
  sum: (a) => a.sum(),
  sumDim: (a) => a.sum(0),
  mean: (a) => a.mean(),
  meanDim: (a) => a.mean(0),
  max: (a) => a.max(),
  maxDim: (a) => a.max(0),
  min: (a) => a.min(),
  var: (a) => a.var(),
  std: (a) => a.std(),
  logsumexp: (a) => a.logsumexp(0),
  softmax: (a) => a.softmax(0),
  logSoftmax: (a) => a.logSoftmax(0),
  reshape: (a) => a.reshape(-1),
  transpose: (a) => a.transpose(0, 1),
  expand: (a) => a.expand(2, 2, 2),
  select: (a) => a.select(0, 1),
  clone: (a) => a.clone(),
  double: (a) => a.double(),
  mulScalar: (a) => a.mul(2),
  divScalar: (a) => a.div(2),
  addScalar: (a) => a.add(2),
  subScalar: (a) => a.sub(2),
}
const binary: Record<string, (a: Tensor, b: Tensor) => Tensor> = {
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
  pow: (a, b) => a.pow(b),
  maximum: (a, b) => a.maximum(b),
  minimum: (a, b) => a.minimum(b),
  matmul: (a, b) => a.matmul(b),
}

describe('backward refuses after an in-place change exactly when PyTorch does', () => {
  test.each(cases.map((c) => [`${c.op} needs=${c.needs} target=${c.target}`, c] as const))('%s', (_name, c) => {
    const xs = c.needs.map((r) => tensor([[1.1, 0.7], [0.9, 1.3]], { dtype: 'float32', requiresGrad: r }))
    const out = xs.length === 1 ? unary[c.op]!(xs[0]!) : binary[c.op]!(xs[0]!, xs[1]!)
    if (c.target === 'second') {
      // a second backward without retainGraph fails exactly through the nodes that saved something
      const z = out.sum()
      z.backward()
      if (c.refuses) expect(() => z.backward()).toThrow(/^Trying to backward through the graph a second time/)
      else expect(() => z.backward()).not.toThrow()
      return
    }
    const victim = c.target === 'out' ? out : xs[c.target]!
    noGrad(() => victim.add_(0))
    const run = () => out.sum().backward()
    if (c.refuses) expect(run).toThrow(/modified by an inplace operation/)
    else expect(run).not.toThrow()
  })
})
