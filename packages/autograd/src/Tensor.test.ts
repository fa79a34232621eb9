import { readFileSync } from 'node:fs'
import { catchWarnings, zeros as kZeros } from '@descent/tensor'
import * as K from '@descent/tensor'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { arbBroadcastPair, arbTensor } from '../test/arbitraries.js'
import { type Tensor, fromArray, grad, gradcheck, gradgradcheck, inferenceMode, noGrad, ones, tensor, zeros } from './index.js'

const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/autograd_errors.json', import.meta.url), 'utf8'))
const errors: Record<string, { type: string; message: string }> = fixture.cases.errors
const reprs: Record<string, unknown> = fixture.cases.reprs

const leaf = () => tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true })

/** Asserts `fn` throws the error PyTorch raised in the named oracle case, type and wording. */
function expectTorchError(fn: () => unknown, name: string) {
  const expected = errors[name]!
  let thrown: unknown
  try {
    fn()
  } catch (e) {
    thrown = e
  }
  expect(thrown, `${name} should throw`).toBeInstanceOf(Error)
  expect((thrown as Error).message).toBe(expected.message)
  const type = expected.type === 'GradcheckError' ? 'GradcheckError' : expected.type
  expect((thrown as Error).name).toBe(type)
}

describe('in-place ops and version counters', () => {
  test('changing a leaf that requires grad is refused outside noGrad', () => {
    expectTorchError(() => leaf().add_(1), 'leafInplace')
    expectTorchError(() => leaf().sub_(1), 'leafInplace')
    expectTorchError(() => leaf().zero_(), 'leafInplace')
    expectTorchError(() => leaf().select(0, 0).add_(1), 'leafViewInplace')
  })
  test('under noGrad the notebook update works and bumps the version', () => {
    const w = leaf()
    w.mul(w).sum().backward()
    noGrad(() => w.sub_(w.grad!.mul(0.5)))
    expect(w.tolist()).toEqual([0, 0, 0])
    expect(w._version).toBe(1)
    expect(w.isLeaf).toBe(true)
    expect(w.requiresGrad).toBe(true)
  })
  test('changing a value that backward saved makes backward fail, never a wrong gradient', () => {
    expectTorchError(() => {
      const x = leaf()
      const y = x.mul(1)
      const z = y.pow(2)
      y.add_(1)
      z.sum().backward()
    }, 'modifiedIntermediate')
    expectTorchError(() => {
      const z = leaf().mul(1).exp()
      z.add_(1)
      z.sum().backward()
    }, 'modifiedOutput')
    expectTorchError(() => {
      const a = tensor([1, 2, 3], { dtype: 'float32' })
      const b = tensor(2, { dtype: 'float32', requiresGrad: true })
      const z = a.mul(b)
      a.add_(1)
      z.sum().backward()
    }, 'modifiedLeafNoGrad')
    expectTorchError(() => {
      const a = tensor(2, { dtype: 'float64', requiresGrad: true })
      const b = a.mul(1)
      const z = b.mul(b)
      b.mul_(2)
      z.backward()
    }, 'modifiedDoubleScalar')
  })
  test('an in-place op on a non-leaf is recorded and differentiates correctly', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true })
    const y = x.mul(2)
    y.mul_(x)
    expect(y.gradFn?.name).toBe('MulBackward0')
    y.sum().backward()
    expect(x.grad?.tolist()).toEqual([4, 8])
  })
  test('an in-place op with a tracked operand makes a plain tensor part of the graph', () => {
    const w = tensor(3, { dtype: 'float32', requiresGrad: true })
    const a = tensor([1, 2], { dtype: 'float32' })
    a.add_(w, { alpha: 2 })
    expect(a.gradFn?.name).toBe('AddBackward0')
    a.sum().backward()
    expect(w.grad?.item()).toBe(4)
  })
  test('a modified detached alias is caught (they share the version counter)', () => {
    const x = leaf()
    const z = x.pow(2)
    x.detach().add_(1)
    expect(() => z.sum().backward()).toThrow(/is at version 1; expected version 0 instead/)
  })
  test('.data does not share the version counter, so changes through it go unseen, as in PyTorch', () => {
    const x = leaf()
    const z = x.pow(2)
    x.data.mul_(2)
    z.sum().backward()
    expect(x.grad?.tolist()).toEqual([4, 8, 12])
  })
  test('a float result cannot be stored in an int64 tensor', () => {
    const i = tensor([1, 2], { dtype: 'int64' })
    expect(() => i.mul_(1.5)).toThrow("result type Float can't be cast to the desired output type Long")
  })
})

describe('errors worded like PyTorch', () => {
  test('backward errors', () => {
    expectTorchError(() => {
      const z = leaf().pow(2).sum()
      z.backward()
      z.backward()
    }, 'secondBackward')
    expectTorchError(() => tensor([1, 2], { dtype: 'float32' }).sum().backward(), 'noGradFn')
    expectTorchError(() => leaf().mul(2).backward(), 'nonScalar')
    expectTorchError(() => leaf().mul(2).backward(ones([2])), 'shapeMismatch')
  })
  test('requires_grad errors', () => {
    expectTorchError(() => leaf().mul(2).requiresGrad_(false), 'requiresGradNonLeaf')
    expectTorchError(() => tensor([1, 2], { dtype: 'int64' }).requiresGrad_(), 'requiresGradInt')
    expectTorchError(() => tensor([1, 2], { dtype: 'int64', requiresGrad: true }), 'requiresGradIntCtor')
  })
  test('assigning .grad checks size and dtype', () => {
    expectTorchError(() => {
      leaf().grad = ones([2])
    }, 'gradShape')
    expectTorchError(() => {
      leaf().grad = ones([3], { dtype: 'float64' })
    }, 'gradDtype')
    const x = leaf()
    x.grad = ones([3])
    x.grad = null
    expect(x.grad).toBeNull()
  })
  test('grad() errors', () => {
    expectTorchError(() => grad(leaf().mul(2).sum(), [leaf()]), 'gradUnused')
    expectTorchError(() => grad(leaf().mul(2).sum(), [tensor(1, { dtype: 'float32' })]), 'gradNoRequires')
  })
  test('inference tensors', () => {
    const t = inferenceMode(() => ones([3]))
    expect(t.isInference()).toBe(true)
    expectTorchError(() => t.mul(leaf()), 'inferenceSave')
    expect(t.add(leaf()).gradFn?.name).toBe('AddBackward0')
    expectTorchError(() => t.add_(1), 'inferenceInplace')
    expectTorchError(() => t.requiresGrad_(), 'inferenceRequiresGrad')
    const u = inferenceMode(() => leaf().mul(2))
    expect(u.requiresGrad).toBe(false)
    expect(inferenceMode(() => ones([1], { requiresGrad: true })).requiresGrad).toBe(true)
  })
  test('reading .grad of a non-leaf warns', () => {
    const { result, warnings } = catchWarnings(() => leaf().mul(2).grad)
    expect(result).toBeNull()
    expect(warnings.map((w) => w.message)).toEqual([errors.nonLeafGradWarning!.message])
  })
  test('item of a many-element tensor', () => {
    expectTorchError(() => leaf().item(), 'itemMany')
  })
  test('iterating a 0-d tensor', () => {
    expectTorchError(() => [...tensor(1, { dtype: 'float32' })], 'iterZeroDim')
  })
})

describe('properties and text forms', () => {
  test('leaf and non-leaf bookkeeping', () => {
    const x = leaf()
    const y = x.mul(2)
    expect([x.isLeaf, x.requiresGrad, x.gradFn]).toEqual([true, true, null])
    expect([y.isLeaf, y.requiresGrad, y.gradFn?.name]).toEqual([false, true, 'MulBackward0'])
    expect(y.gradFn?.nextFunctions[0]?.[0]?.name).toBe('AccumulateGrad')
    const d = y.detach()
    expect([d.isLeaf, d.requiresGrad]).toEqual([true, false])
    expect(d.array.data).toBe(y.array.data)
    expect(x.shape).toEqual([3])
    expect([x.ndim, x.numel(), x.size(0), x.size(-1)]).toEqual([1, 3, 3, 3])
    expect(x.size()).toEqual([3])
    expect(x.dtype).toBe('float32')
  })
  test('.data reads without tracking and assigns storage', () => {
    const x = leaf()
    expect(x.data.requiresGrad).toBe(false)
    x.data = tensor([7, 8, 9], { dtype: 'float32' })
    expect(x.tolist()).toEqual([7, 8, 9])
    expect(x.requiresGrad).toBe(true)
  })
  test('creation functions take requiresGrad', () => {
    expect(zeros([2], { requiresGrad: true }).requiresGrad).toBe(true)
    expect(fromArray(kZeros([2]), { requiresGrad: true }).requiresGrad).toBe(true)
    expect(zeros(2).shape).toEqual([2])
  })
  test('text forms match PyTorch', () => {
    const x = leaf()
    const w = tensor(3, { dtype: 'float32', requiresGrad: true })
    expect(w.pow(2).toString()).toBe(reprs.powScalar)
    expect(x.toString()).toBe(reprs.leafVector)
    expect(w.toString()).toBe(reprs.leafScalar)
    expect(x.sum().toString()).toBe(reprs.sum)
    expect(x.detach().toString()).toBe(reprs.detach)
    expect(tensor([1, 2], { dtype: 'float64', requiresGrad: true }).toString()).toBe(reprs.doubleLeaf)
    expect(x.mul(2).double().toString()).toBe(reprs.doubleToCopy)
    expect(x.sub(w.mul(x)).pow(2).mean().toString()).toBe(reprs.meanSquare)
    x.mul(w).pow(2).sum().backward()
    expect(x.grad!.toString()).toBe(reprs.grad)
    expect(w.grad!.toString()).toBe(reprs.gradW)
    expect([...x].map(String)).toEqual(reprs.iterate)
    noGrad(() => {
      expect(x.mul(2).toString()).toBe(reprs.noGradMul)
      x.sub_(x.grad!.mul(0.5))
    })
    expect(x.toString()).toBe(reprs.afterStep)
    expect(x._version).toBe(reprs.afterStepVersion)
  })
  test.prop([arbTensor()], { numRuns: 20 })('item, tolist and detach agree with the array', (x) => {
    expect(x.detach().tolist()).toEqual(x.tolist())
    if (x.numel() === 1) expect(x.item()).toBe([x.tolist()].flat(8)[0])
  })
})

describe('views and in-place ops on their base', () => {
  test('a view used after a recorded in-place op on its base is refused, not differentiated wrongly', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const y = x.mul(2)
    const v = y.select(0, 0)
    y.mul_(3)
    expect(() => v.mul(2)).toThrow(/in-place operation on that tensor was recorded/)
    expect(() => v.backward()).toThrow(/in-place operation on that tensor was recorded/)
    // taken again after the in-place op, the view differentiates through it
    y.select(0, 0).backward()
    expect(x.grad?.tolist()).toEqual([6, 0])
  })
  test('a view of an untracked tensor that became tracked through an in-place op is refused too', () => {
    const a = tensor([1, 2], { dtype: 'float32' })
    const v = a.select(0, 1)
    a.add_(tensor(1, { dtype: 'float32', requiresGrad: true }))
    expect(() => v.mul(tensor(1, { dtype: 'float32', requiresGrad: true }))).toThrow(/in-place operation/)
  })
  test('views of leaves stay valid across untracked updates (the optimizer step)', () => {
    const w = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const v = w.select(0, 1)
    noGrad(() => w.mul_(2))
    v.mul(3).backward()
    expect(w.grad?.tolist()).toEqual([0, 3])
  })
})

describe('recorded in-place ops on views (CopySlices), as PyTorch', () => {
  const cs = fixture.cases.copySlices
  const x = () => tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true })
  test('slice mul_: the base becomes CopySlices and the view AsStridedBackward0', () => {
    const a = x()
    const y = a.mul(2)
    const v = y.slice(0, 0, 2)
    v.mul_(3)
    expect([y.gradFn?.name, v.gradFn?.name]).toEqual(cs.names)
    expect(y.tolist()).toEqual(cs.values)
    y.mul(tensor([1, 10, 100], { dtype: 'float64' })).sum().backward()
    expect(a.grad?.tolist()).toEqual(cs.sliceMul)
  })
  test('select add_ with another tracked value', () => {
    const a = x()
    const y = a.mul(2)
    y.select(0, 1).add_(a.select(0, 0))
    y.sum().backward()
    expect(a.grad?.tolist()).toEqual(cs.selectAdd)
  })
  test('backward through the modified view itself', () => {
    const a = x()
    const v = a.mul(2).slice(0, 0, 2)
    v.mul_(3)
    v.sum().backward()
    expect(a.grad?.tolist()).toEqual(cs.throughView)
  })
  test('slice assignment into an untracked tensor: a[1:].copy_(x[:2] * 5)', () => {
    const a = x()
    const z = zeros([3], { dtype: 'float64' })
    z.slice(0, 1).copy_(a.slice(0, 0, 2).mul(5))
    expect(z.gradFn?.name).toBe(cs.sliceAssignName)
    z.sum().backward()
    expect(a.grad?.tolist()).toEqual(cs.sliceAssign)
  })
  test.prop([arbTensor().filter((t) => t.ndim > 0)], { numRuns: 20 })(
    'gradcheck and gradgradcheck through in-place ops on a slice',
    (t) => {
      const f = (u: Tensor) => {
        const y = u.mul(1.5)
        y.select(0, 0).mul_(u.select(0, 0).sin())
        return y.tanh()
      }
      expect(gradcheck(f, [t])).toBe(true)
      expect(gradgradcheck(f, [t])).toBe(true)
    },
  )
})

describe('saved values, as PyTorch saves them', () => {
  test('a factor is saved only when the other factor needs a gradient', () => {
    const w = tensor(2, { dtype: 'float32', requiresGrad: true })
    const X = tensor([1, 2], { dtype: 'float32' })
    const loss = w.mul(X).sum()
    // w itself is not needed for any gradient here (X takes none), so changing it does not break backward
    noGrad(() => w.add_(1))
    loss.backward()
    expect(w.grad?.item()).toBe(3)
    const again = w.mul(X).sum()
    X.add_(1)
    expect(() => again.backward()).toThrow(/modified by an inplace operation: \[torch.FloatTensor \[2\]\] is at version 1/)
  })
})

describe('the version counter object', () => {
  test('_vc is shared with views and detach, and bumping it is seen by backward', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    expect(x._vc).toBe(x.detach()._vc)
    const y = x.pow(2)
    x._vc.v++
    expect(x._version).toBe(1)
    expect(() => y.sum().backward()).toThrow(/is at version 1; expected version 0/)
  })
})

describe('recorded in-place ops differentiate like their out-of-place forms', () => {
  const ops: [string, (t: Tensor, o: Tensor) => Tensor, (t: Tensor, o: Tensor) => Tensor][] = [
    ['add_', (t, o) => t.add_(o, { alpha: 0.5 }), (t, o) => t.add(o, { alpha: 0.5 })],
    ['sub_', (t, o) => t.sub_(o), (t, o) => t.sub(o)],
    ['mul_', (t, o) => t.mul_(o), (t, o) => t.mul(o)],
    ['div_', (t, o) => t.div_(o.square().add(1)), (t, o) => t.div(o.square().add(1))],
    ['copy_', (t, o) => t.copy_(o), (_t, o) => o.expand(_t.shape as number[]).clone()],
  ]
  test.prop([fc.constantFrom(...ops), arbBroadcastPair()], { numRuns: 30 })(
    'gradcheck passes through x.mul(1.5).<op>_(y) and equals the out-of-place gradient',
    ([, inplace, outOfPlace], [a, b]) => {
      fc.pre(K.broadcastShapes(a.shape, b.shape).join() === a.shape.join())
      // mul by a number saves nothing, so changing its result in place is allowed (tanh's would not be)
      const f = (x: Tensor, y: Tensor) => inplace(x.mul(1.5), y.sin()).tanh()
      const g = (x: Tensor, y: Tensor) => outOfPlace(x.mul(1.5), y.sin()).tanh()
      expect(gradcheck(f, [a, b])).toBe(true)
      // copy_ leaves x a zero gradient where the out-of-place form does not use x at all
      const values = (gs: (Tensor | null)[]) => gs.map((t, i) => (t ?? zeros([...[a, b][i]!.shape], { dtype: 'float64' })).tolist())
      const opts = { allowUnused: true }
      expect(values(grad(f(a, b).sum(), [a, b], opts))).toEqual(values(grad(g(a, b).sum(), [a, b], opts)))
    },
  )
})

describe('views share their base version counter, made on first need', () => {
  test('an in-place change through the base or a view is seen by both, whichever made the counter', () => {
    const base = tensor([1, 2, 3], { dtype: 'float32' })
    const v = base.narrow(0, 1, 2)
    const vv = v.select(0, 0)
    expect(v._version).toBe(0)
    base.add_(1)
    expect(v._version).toBe(1)
    expect(vv._version).toBe(1)
    vv.mul_(2)
    expect(base._version).toBe(2)
    expect(v._vc).toBe(base._vc)
    const other = tensor([1, 2], { dtype: 'float32' })
    const w = other.select(0, 1)
    w.add_(1)
    expect(other._version).toBe(1)
    expect(w._vc).toBe(other._vc)
  })

  test('a saved view taken before the change refuses backward after it', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const base = x.mul(1)
    const v = base.select(0, 0)
    const y = v.pow(2)
    base.detach().add_(1)
    expect(() => y.backward()).toThrow(/is at version 1; expected version 0/)
  })
})

describe('a leaf requiring grad has its AccumulateGrad from the start', () => {
  test('every op on it links the same node', () => {
    const w = tensor(1, { dtype: 'float32', requiresGrad: true })
    const z = zeros([2])
    z.requiresGrad_()
    const [[a1]] = w.mul(2).gradFn!.nextFunctions
    const [[a2]] = w.sin().gradFn!.nextFunctions
    expect(a1).toBe(a2)
    expect(a1?.name).toBe('AccumulateGrad')
    expect(z.mul(2).gradFn!.nextFunctions[0]![0]?.name).toBe('AccumulateGrad')
  })
})
