import { catchWarnings } from '@descent/tensor'
import { fc, test } from '@fast-check/vitest'
import { readFileSync } from 'node:fs'
import { describe, expect } from 'vitest'
import { arbTensor, leaf } from '../test/arbitraries.js'
import { apply, defineOp } from './graph.js'
import { GradcheckError, type Tensor, gradcheck, gradgradcheck, tensor } from './index.js'
import * as K from '@descent/tensor'

const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/autograd_errors.json', import.meta.url), 'utf8'))
const errors: Record<string, { type: string; message: string }> = fixture.cases.errors

// A deliberately wrong rule: forward x³, backward 2x (instead of 3x²), to prove gradcheck fails.
const wrongCube = defineOp({
  name: 'WrongBackward0',
  forward: ([a]) => K.mul(K.mul(a as K.NDArray, a!), a!),
  save: [0],
  backward: (grad, [a]) => [grad.mul(a!).mul(2)],
})
const cube = (x: Tensor) => apply(wrongCube, [x], undefined)

// Right first derivative, wrong second: backward 3x² computed from a detached x.
const detachedCube = defineOp({
  name: 'DetachedBackward0',
  forward: ([a]) => K.mul(K.mul(a as K.NDArray, a!), a!),
  save: [0],
  backward: (grad, [a]) => [grad.mul((a as Tensor).detach().square().mul(3))],
})

describe('gradcheck', () => {
  test.prop([arbTensor({ min: 0.5, max: 2 }).filter((x) => x.numel() > 0)], { numRuns: 15 })(
    'fails on a wrong backward rule, naming the input and element',
    (x) => {
      expect(() => gradcheck(cube, [x])).toThrow(GradcheckError)
      expect(() => gradcheck(cube, [x])).toThrow(/first mismatch: input 0 element \[[0-9, ]*\], output 0 element/)
      expect(gradcheck(cube, [x], { raiseException: false })).toBe(false)
    },
  )
  test('names the input that disagrees among several', () => {
    const a = leaf([2], [1, 2])
    const b = leaf([2], [1.5, 0.5])
    expect(() => gradcheck((x, y) => x.mul(2).add(cube(y)), [a, b])).toThrow(/^Jacobian mismatch for output 0 with respect to input 1,/)
  })
  test('gradgradcheck fails on a rule that is right once but not twice', () => {
    const x = leaf([2], [1, 2])
    const f = (t: Tensor) => apply(detachedCube, [t], undefined)
    expect(gradcheck(f, [x])).toBe(true)
    expect(() => gradgradcheck(f, [x])).toThrow(GradcheckError)
  })
  test('PyTorch wording when the rule disagrees (first lines)', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true })
    let message = ''
    try {
      gradcheck((t) => t.detach().mul(2).add(t), [x])
    } catch (e) {
      message = (e as Error).message
    }
    const expected = errors.gradcheckMismatch!.message
    // our message adds one line naming the first element that disagrees; the rest is PyTorch's
    expect(message.startsWith(expected)).toBe(true)
    expect(message.slice(expected.length)).toMatch(
      /^first mismatch: input 0 element \[0\], output 0 element \[0\]: numerical 2\.99999\d*, analytical 1\n$/,
    )
  })
  test('refuses inputs none of which require grad', () => {
    const x = tensor([1, 2], { dtype: 'float64' })
    expect(() => gradcheck((t) => t.mul(2), [x])).toThrow(errors.gradcheckNoInputs!.message)
  })
  test('warns on float32 inputs like PyTorch', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const { warnings } = catchWarnings(() => gradcheck((t) => t.mul(2), [x], { raiseException: false }))
    expect(warnings.map((w) => w.message)).toContain(errors.gradcheckFloat32Warning!.message)
  })
  test.prop([fc.double({ min: 1e-8, max: 1e-4, noNaN: true })], { numRuns: 5 })('accepts a custom eps', (eps) => {
    expect(gradcheck((t) => t.exp(), [leaf([2], [0.1, 0.2])], { eps, atol: 1e-3 })).toBe(true)
  })
  test('handles several outputs and non-contiguous inputs', () => {
    const x = leaf([2, 3], [1, 2, 3, 4, 5, 6]).detach().t().requiresGrad_()
    expect(gradcheck((t) => [t.sin(), t.sum(0)], [x])).toBe(true)
  })
})
