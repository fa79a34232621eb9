// Random expression graphs: compositions of ops with reused intermediates and broadcasting pass gradcheck.
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { arbBroadcastPartner, arbLeaf, arbShape } from '../test/arbitraries.js'
import { type Tensor, gradcheck, gradgradcheck } from './index.js'

type Instr = { op: number; a: number; b: number }

// Unary ops are total on the reals (inputs are squashed where a domain matters); binary ops broadcast.
const unaryOps: ((x: Tensor) => Tensor)[] = [
  (x) => x.tanh(),
  (x) => x.sin(),
  (x) => x.tanh().exp(),
  (x) => x.square(),
  (x) => x.sigmoid(),
  (x) => x.square().add(1).log(),
  (x) => x.square().add(0.5).sqrt(),
  (x) => x.neg(),
  (x) => x.mul(0.5).cos(),
]
const binaryOps: ((x: Tensor, y: Tensor) => Tensor)[] = [
  (x, y) => x.add(y),
  (x, y) => x.sub(y),
  (x, y) => x.mul(y),
  (x, y) => x.div(y.square().add(1)),
  (x, y) => x.mul(y.tanh()).add(y),
]

const arbProgram = fc.array(
  fc.record({ op: fc.nat(unaryOps.length + binaryOps.length + 1), a: fc.nat(), b: fc.nat() }),
  { minLength: 1, maxLength: 8 },
)

/** Runs the program over a pool starting with the inputs; every result joins the pool and may be reused. */
function evaluate(program: Instr[], inputs: Tensor[]): Tensor {
  const pool = [...inputs]
  for (const { op, a, b } of program) {
    const x = pool[a % pool.length]!
    const y = pool[b % pool.length]!
    if (op < unaryOps.length) pool.push(unaryOps[op]!(x))
    else if (op < unaryOps.length + binaryOps.length) pool.push(binaryOps[op - unaryOps.length]!(x, y))
    else if (x.ndim > 0) pool.push(x.sum(0, op % 2 === 0).mul(0.3))
    else pool.push(x.mean())
  }
  // combine a couple of results so several paths meet at the output
  return pool[pool.length - 1]!.sum().add(pool[Math.floor(pool.length / 2)]!.sum().mul(0.25))
}

const arbInputs = arbShape(2).chain((s) =>
  arbBroadcastPartner(s).chain((p) => fc.tuple(arbLeaf(s, { min: -1.5, max: 1.5 }), arbLeaf(p, { min: -1.5, max: 1.5 }))),
)

test.prop([arbProgram, arbInputs], { numRuns: 60 })('random expression graphs pass gradcheck', (program, inputs) => {
  expect(gradcheck((...xs) => evaluate(program, xs), inputs)).toBe(true)
})

test.prop([arbProgram, arbInputs], { numRuns: 15 })('random expression graphs pass gradgradcheck', (program, inputs) => {
  expect(gradgradcheck((...xs) => evaluate(program, xs), inputs)).toBe(true)
})
