import { fc, test } from '@fast-check/vitest'
import { NDArray } from '@descent/tensor'
import { describe, expect } from 'vitest'
import type { Optimizer } from '../Optimizer.js'
import type { ParamTensor, Params } from '../types.js'

// biome-ignore lint/suspicious/noExplicitAny: the kit drives optimisers of any option type
type AnyOptimizer = Optimizer<any>

/**
 * Builds the optimiser under test. The kit passes the parameters (a list, or groups with their own `lr`) and the
 * learning rate; bake every other option into the factory.
 */
// biome-ignore lint/suspicious/noExplicitAny: groups carry whatever options the optimiser takes
export type OptimizerFactory = (params: Params<any>, options: { lr: number }) => AnyOptimizer

/** Options of `optimizerConformance`. */
export interface ConformanceOptions {
  /** The small learning rate of the descent property (default 1e-3). */
  lr?: number
  /** Steps taken in each property (default 8). */
  steps?: number
  /** fast-check runs per property (default 20). */
  numRuns?: number
  /** Whether lr = 0 must leave parameters bit for bit unchanged (default true). */
  lrZeroIsIdentity?: boolean
  /** Whether a small lr must decrease a convex quadratic at every step (default true; false for maximize). */
  descends?: boolean
  /**
   * Wraps an array as a tensor, for parameters and gradients (default: a plain `{ array, grad }` object, enough for
   * optimisers that use only `param.array` and `param.grad.array`). Pass autograd's `fromArray` to test with real
   * tensors.
   */
  tensor?: (array: NDArray) => ParamTensor
}

const plainTensor = (array: NDArray): ParamTensor => ({ array, grad: null })

/** Row-major values of a tensor's array, as plain numbers. */
function valuesOf(t: ParamTensor): number[] {
  const a = t.array
  const out: number[] = []
  const index = new Array<number>(a.ndim).fill(0)
  for (let i = 0; i < a.size; i++) {
    let pos = a.offset
    for (let d = 0; d < a.ndim; d++) pos += index[d]! * a.strides[d]!
    out.push(a.data[pos]!)
    for (let d = a.ndim - 1; d >= 0; d--) {
      if (++index[d]! < a.shape[d]!) break
      index[d] = 0
    }
  }
  return out
}

// Equal values, NaN equal to NaN; -0 equals 0, since IEEE's -0 + 0 = +0 turns a -0 parameter into +0 under any
// update of the form p + lr * u, lr 0 included (PyTorch does the same).
function sameValues(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i] || (Number.isNaN(v) && Number.isNaN(b[i])))
}

// Object.is tells -0 from 0 and matches NaN, so "bit for bit" means what it says.
function sameBits(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]))
}

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 2 })
const float32Arb = fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true })

function sized(shape: number[], values: fc.Arbitrary<number>) {
  const n = shape.reduce((a, b) => a * b, 1)
  return fc.array(values, { minLength: n, maxLength: n }).map((v) => ({ shape, values: v }))
}

/** One or two parameters with initial values and a gradient per step. */
function problemArb(steps: number) {
  return fc.array(shapeArb, { minLength: 1, maxLength: 2 }).chain((shapes) =>
    fc.record({
      init: fc.tuple(...shapes.map((s) => sized(s, float32Arb))),
      grads: fc.array(fc.tuple(...shapes.map((s) => sized(s, float32Arb))), { minLength: steps, maxLength: steps }),
    }),
  )
}
type Problem = { init: Array<{ shape: number[]; values: number[] }>; grads: Array<Array<{ shape: number[]; values: number[] }>> }

/**
 * Registers vitest + fast-check properties that any optimiser should satisfy: a small lr decreases a convex
 * quadratic, lr 0 changes nothing, `zeroGrad` semantics, parameters without a gradient stay untouched, a state dict
 * resumes training bit for bit, groups honour their own options, and instances share no hidden state.
 *
 * @example
 * optimizerConformance('SGD', (params, { lr }) => new SGD(params, { lr, momentum: 0.9 }))
 * optimizerConformance('Lion', (params, { lr }) => new Lion(params, { lr }), { numRuns: 10 })
 */
export function optimizerConformance(name: string, factory: OptimizerFactory, options: ConformanceOptions = {}): void {
  const {
    lr = 1e-3,
    steps = 8,
    numRuns = 20,
    lrZeroIsIdentity = true,
    descends = true,
    tensor = plainTensor,
  } = options
  if (!(steps >= 2)) throw new RangeError(`optimizerConformance: steps must be at least 2, got ${steps}`)
  const makeParam = (shape: number[], values: number[]) =>
    tensor(new NDArray(Float32Array.from(values), shape, 'float32'))
  const setGrad = (p: ParamTensor, values: number[] | null) => {
    p.grad = values === null ? null : tensor(new NDArray(Float32Array.from(values), [...p.array.shape], 'float32'))
  }
  const paramsOf = (problem: Problem) => problem.init.map((p) => makeParam(p.shape, p.values))
  // Runs `steps` steps from `from` (inclusive) to `to` (exclusive) of the problem's gradient sequence.
  const run = (opt: AnyOptimizer, params: ParamTensor[], problem: Problem, from = 0, to = problem.grads.length) => {
    for (let t = from; t < to; t++) {
      params.forEach((p, i) => {
        setGrad(p, problem.grads[t]![i]!.values)
      })
      opt.step()
    }
  }
  const prop = { numRuns }

  describe(`${name} conforms to the optimiser contract`, () => {
    if (descends) {
      test.prop(
        [
          fc.array(
            fc.record({
              curvature: fc.double({ min: 0.5, max: 2, noNaN: true }),
              center: fc.double({ min: -2, max: 2, noNaN: true }),
              gap: fc.double({ min: 0.5, max: 2, noNaN: true }),
              side: fc.boolean(),
            }),
            { minLength: 1, maxLength: 6 },
          ),
        ],
        prop,
      )('a small lr decreases a convex quadratic at every step', (terms) => {
        // f(x) = sum a_i (x_i - c_i)^2 / 2, started at least 0.5 from the minimum in every coordinate
        const a = terms.map((t) => Math.fround(t.curvature))
        const c = terms.map((t) => Math.fround(t.center))
        const x = makeParam(
          [terms.length],
          terms.map((t, i) => c[i]! + (t.side ? t.gap : -t.gap)),
        )
        const f = () => valuesOf(x).reduce((s, v, i) => s + (a[i]! * (v - c[i]!) ** 2) / 2, 0)
        const opt = factory([x], { lr })
        let before = f()
        for (let t = 0; t < steps; t++) {
          setGrad(
            x,
            valuesOf(x).map((v, i) => Math.fround(a[i]! * Math.fround(v - c[i]!))),
          )
          opt.step()
          const after = f()
          expect(after, `step ${t + 1}`).toBeLessThan(before)
          before = after
        }
      })
    }

    if (lrZeroIsIdentity) {
      test.prop([problemArb(steps)], prop)('lr 0 leaves the parameters unchanged', (problem) => {
        const params = paramsOf(problem)
        const start = params.map(valuesOf)
        run(factory(params, { lr: 0 }), params, problem)
        params.forEach((p, i) => {
          expect(sameValues(valuesOf(p), start[i]!), `param ${i}`).toBe(true)
        })
      })
    }

    test.prop([problemArb(2)], prop)('zeroGrad clears gradients (null by default, zeros in place on request)', (problem) => {
      const params = paramsOf(problem)
      const opt = factory(params, { lr })
      run(opt, params, problem, 0, 1)
      const values = params.map(valuesOf)
      opt.zeroGrad()
      for (const p of params) expect(p.grad).toBeNull()
      params.forEach((p, i) => {
        setGrad(p, problem.grads[1]![i]!.values)
      })
      const grads = params.map((p) => p.grad)
      opt.zeroGrad({ setToNone: false })
      params.forEach((p, i) => {
        expect(p.grad, 'the same gradient object is zeroed in place').toBe(grads[i])
        expect(valuesOf(p.grad as ParamTensor).every((v) => v === 0)).toBe(true)
        expect(sameBits(valuesOf(p), values[i]!), 'zeroGrad leaves parameters alone').toBe(true)
      })
      const cleared = paramsOf(problem)
      factory(cleared, { lr }).zeroGrad({ setToNone: false })
      for (const p of cleared) expect(p.grad, 'no gradient is created').toBeNull()
    })

    test.prop([problemArb(steps), fc.integer({ min: 1, max: steps - 1 })], prop)(
      'a parameter without a gradient is untouched',
      (problem, from) => {
        const params = paramsOf(problem)
        const frozen = makeParam([3], [1.5, -0.25, 3])
        const opt = factory([...params, frozen], { lr })
        run(opt, params, problem, 0, from)
        expect(valuesOf(frozen)).toEqual([1.5, -0.25, 3])
        expect(frozen.grad).toBeNull()
        // ...and the others follow the same path as without it
        const alone = paramsOf(problem)
        run(factory(alone, { lr }), alone, problem, 0, from)
        params.forEach((p, i) => {
          expect(sameBits(valuesOf(p), valuesOf(alone[i]!))).toBe(true)
        })
      },
    )

    test.prop([problemArb(steps), fc.integer({ min: 0, max: steps })], prop)(
      'loadStateDict(stateDict()) resumes bit for bit',
      (problem, split) => {
        const params = paramsOf(problem)
        const opt = factory(params, { lr })
        run(opt, params, problem, 0, split)
        const copies = params.map((p) => makeParam([...p.array.shape], valuesOf(p)))
        const resumed = factory(copies, { lr: lr * 3 })
        resumed.loadStateDict(opt.stateDict())
        expect(resumed.paramGroups.map((g) => g.lr)).toEqual([lr])
        run(opt, params, problem, split)
        run(resumed, copies, problem, split)
        params.forEach((p, i) => {
          expect(sameBits(valuesOf(copies[i]!), valuesOf(p)), `param ${i}`).toBe(true)
        })
      },
    )

    test.prop([problemArb(steps), problemArb(steps), fc.constantFrom(0.1, 0.5, 2, 10)], prop)(
      'param groups honour their own options',
      (first, second, ratio) => {
        const a = paramsOf(first)
        const b = paramsOf(second)
        const grouped = factory(
          [
            { params: a, lr },
            { params: b, lr: lr * ratio },
          ],
          { lr },
        )
        expect(grouped.paramGroups.map((g) => g.lr)).toEqual([lr, lr * ratio])
        for (let t = 0; t < steps; t++) {
          a.forEach((p, i) => {
            setGrad(p, first.grads[t]![i]!.values)
          })
          b.forEach((p, i) => {
            setGrad(p, second.grads[t]![i]!.values)
          })
          grouped.step()
        }
        const soloA = paramsOf(first)
        run(factory(soloA, { lr }), soloA, first)
        const soloB = paramsOf(second)
        run(factory(soloB, { lr: lr * ratio }), soloB, second)
        a.forEach((p, i) => {
          expect(sameBits(valuesOf(p), valuesOf(soloA[i]!)), `group 0 param ${i}`).toBe(true)
        })
        b.forEach((p, i) => {
          expect(sameBits(valuesOf(p), valuesOf(soloB[i]!)), `group 1 param ${i}`).toBe(true)
        })
      },
    )

    test.prop([problemArb(steps), problemArb(steps)], prop)(
      'no hidden global state: two interleaved instances equal each alone',
      (first, second) => {
        const a = paramsOf(first)
        const b = paramsOf(second)
        const optA = factory(a, { lr })
        const optB = factory(b, { lr: lr * 2 })
        for (let t = 0; t < steps; t++) {
          run(optA, a, first, t, t + 1)
          run(optB, b, second, t, t + 1)
        }
        const soloA = paramsOf(first)
        run(factory(soloA, { lr }), soloA, first)
        const soloB = paramsOf(second)
        run(factory(soloB, { lr: lr * 2 }), soloB, second)
        a.forEach((p, i) => {
          expect(sameBits(valuesOf(p), valuesOf(soloA[i]!))).toBe(true)
        })
        b.forEach((p, i) => {
          expect(sameBits(valuesOf(p), valuesOf(soloB[i]!))).toBe(true)
        })
      },
    )

    test.prop([problemArb(1)], { numRuns: 5 })('step(closure) calls the closure once and returns its value', (problem) => {
      const params = paramsOf(problem)
      const opt = factory(params, { lr })
      params.forEach((p, i) => {
        setGrad(p, problem.grads[0]![i]!.values)
      })
      let calls = 0
      expect(opt.step(() => ++calls * 7)).toBe(7)
      expect(calls).toBe(1)
      expect(opt.step()).toBeUndefined()
    })
  })
}
