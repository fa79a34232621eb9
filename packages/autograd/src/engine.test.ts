import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { arbLeaf, arbShape, arbTensor, leaf } from '../test/arbitraries.js'
import { sortBySequence } from './engine.js'
import * as K from '@descent/tensor'
import type { Node } from './graph.js'
import { type Tensor, apply, defineOp, enableGrad, grad, tensor } from './index.js'

const runs = { numRuns: 25 }

function close(a: unknown, b: unknown) {
  const x = [a].flat(8) as number[]
  const y = [b].flat(8) as number[]
  expect(x.length).toBe(y.length)
  x.forEach((v, i) => {
    expect(v).toBeCloseTo(y[i]!, 9)
  })
}

/** A small fixed nonlinear function of two inputs with reuse and broadcasting. */
function f(x: Tensor, y: Tensor): Tensor {
  const h = x.mul(y).tanh()
  return h.mul(h).add(x.sin()).sub(y.exp().mul(0.1))
}

describe('backward', () => {
  test.prop([arbTensor(), arbTensor()], runs)('accumulation across backward calls is additive', (x, y0) => {
    const y = leaf([], [y0.sum().item() as number])
    f(x, y).sum().backward()
    const g1 = x.grad!.tolist()
    f(x, y).sum().backward()
    close(x.grad!.tolist(), [g1].flat(8).map((v) => 2 * (v as number)))
  })
  test.prop(
    [arbShape(2).chain((s) => fc.tuple(arbLeaf(s), arbLeaf(s), arbLeaf(s), fc.double({ min: -3, max: 3, noNaN: true })))],
    runs,
  )('backward is linear in the seed gradient', ([x, g1, g2, c]) => {
    const y = tensor(0.7, { dtype: 'float64', requiresGrad: true })
    const out = f(x, y)
    const [a] = grad(out, [x], { gradOutputs: g1.detach(), retainGraph: true })
    const [b] = grad(out, [x], { gradOutputs: g2.detach(), retainGraph: true })
    const [ab] = grad(out, [x], { gradOutputs: g1.detach().add(g2.detach().mul(c)) })
    close(ab!.tolist(), a!.add(b!.mul(c)).tolist())
  })
  test.prop([arbTensor({ min: -1, max: 1 }), arbTensor({ min: -1, max: 1 })], runs)(
    'Hessian-vector products through grad(createGraph) match finite differences of the gradient',
    (x, v0) => {
      const v = v0.detach().sum().add(x.detach().mul(0)) // a direction of x's shape
      const h = (t: Tensor) => t.pow(3).add(t.mul(t).sin()).sum()
      const [g] = grad(h(x), [x], { createGraph: true })
      const [hv] = grad(g!.mul(v).sum(), [x])
      const eps = 1e-6
      const gradAt = (t: Tensor) => {
        const p = leaf(t.shape as number[], [t.detach().tolist()].flat(8) as number[])
        return grad(h(p), [p])[0]!
      }
      const fd = gradAt(x.detach().add(v.mul(eps))).sub(gradAt(x.detach().sub(v.mul(eps)))).div(2 * eps)
      const expected = [fd.tolist()].flat(8) as number[]
      ;([hv!.tolist()].flat(8) as number[]).forEach((a, i) => {
        expect(a).toBeCloseTo(expected[i]!, 5)
      })
    },
  )
  test('a scalar root may have any shape with one element', () => {
    const x = tensor([[2]], { dtype: 'float32', requiresGrad: true })
    x.mul(x).backward()
    expect(x.grad?.tolist()).toEqual([[4]])
  })
  test('backward(gradient) on a non-scalar', () => {
    const x = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true })
    x.mul(2).backward(tensor([1, 0.5, 0], { dtype: 'float32' }))
    expect(x.grad?.tolist()).toEqual([2, 1, 0])
  })
  test('the graph is released after backward: a second pass through saved tensors fails, retainGraph keeps it', () => {
    const x = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true })
    const y = x.pow(2).sum()
    y.backward(null, { retainGraph: true })
    y.backward()
    expect(x.grad?.tolist()).toEqual([4, 8, 12])
    expect(() => y.backward()).toThrow(/^Trying to backward through the graph a second time/)
  })
  test('nodes that saved nothing can run again (as in PyTorch)', () => {
    const x = tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true })
    const z = x.add(1).sum()
    z.backward()
    z.backward()
    expect(x.grad?.tolist()).toEqual([2, 2, 2])
  })
  test('retainGrad keeps a non-leaf gradient; non-leaf .grad warns otherwise', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const y = x.mul(3)
    y.retainGrad()
    y.square().sum().backward()
    expect(y.grad?.tolist()).toEqual([6, 12])
    expect(y.isLeaf).toBe(false)
    expect(y.retainsGrad).toBe(true)
  })
  test('a leaf used twice gets the sum of both paths, in PyTorch order', () => {
    const x = tensor(3, { dtype: 'float32', requiresGrad: true })
    x.mul(x).add(x.mul(2)).backward()
    expect(x.grad?.item()).toBe(8)
  })
  test('the first accumulated gradient is a fresh copy, later ones add in place', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const seed = tensor([1, 1], { dtype: 'float32' })
    x.view(2).backward(seed)
    const g = x.grad!
    expect(g.array.data).not.toBe(seed.array.data)
    x.mul(2).sum().backward()
    expect(x.grad).toBe(g)
    expect(g.tolist()).toEqual([3, 3])
  })
  test('gradients are cast to the dtype of the input', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    x.to('float64').sum().backward()
    expect(x.grad?.dtype).toBe('float32')
  })
  test('a long chain backpropagates without recursion', () => {
    const x = tensor(1, { dtype: 'float64', requiresGrad: true })
    let y = x
    for (let i = 0; i < 20000; i++) y = y.mul(1.0001)
    y.backward()
    expect(x.grad!.item()).toBeCloseTo(1.0001 ** 20000, 6)
  })
})

describe('grad()', () => {
  test('returns gradients without touching .grad, for leaves and non-leaves', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const y = x.mul(3)
    const [gx, gy] = grad(y.square().sum(), [x, y])
    expect(gx?.tolist()).toEqual([18, 36])
    expect(gy?.tolist()).toEqual([6, 12])
    expect(x.grad).toBeNull()
  })
  test('grad of grad: d²/dx² x³ = 6x', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true })
    const [g] = grad(x.pow(3).sum(), [x], { createGraph: true })
    expect(g?.requiresGrad).toBe(true)
    const [h] = grad(g!.sum(), [x])
    expect(h?.tolist()).toEqual([6, 12])
  })
  test('backward with createGraph makes .grad differentiable', () => {
    const x = tensor(2, { dtype: 'float64', requiresGrad: true })
    x.pow(3).backward(null, { createGraph: true })
    const g = x.grad!
    expect(g.gradFn).not.toBeNull()
    const [h] = grad(g, [x])
    expect(h?.item()).toBe(12)
  })
  test('the same input twice gets its gradient twice', () => {
    const x = tensor(3, { dtype: 'float32', requiresGrad: true })
    expect(grad(x.mul(x), [x, x]).map((g) => g?.item())).toEqual([6, 6])
  })
  test('allowUnused returns null for unused inputs', () => {
    const x = tensor(1, { dtype: 'float32', requiresGrad: true })
    const z = tensor(1, { dtype: 'float32', requiresGrad: true })
    expect(grad(x.mul(2), [x, z], { allowUnused: true })[1]).toBeNull()
  })
})

describe('node order', () => {
  // sortBySequence must give exactly what the stable comparator sort gives: decreasing sequence numbers, sinks
  // (all -1) last in their walk order, whether the numbers are dense (slot pass) or sparse (fallback sort).
  const fake = (sequenceNr: number, id: number) => ({ sequenceNr, id }) as unknown as Node
  test.prop(
    [fc.uniqueArray(fc.nat(300), { maxLength: 60 }), fc.nat(8), fc.integer({ min: 0, max: 1 })],
    { numRuns: 200 },
  )('sortBySequence equals a stable sort by decreasing sequence number', (seqs, sinks, sparse) => {
    const nodes = seqs.map((s, i) => fake(sparse === 1 ? s * 1000 : s, i))
    for (let j = 0; j < sinks; j++) nodes.splice((j * 7) % (nodes.length + 1), 0, fake(-1, 1000 + j))
    const expected = [...nodes].sort((a, b) => b.sequenceNr - a.sequenceNr)
    const actual = [...nodes]
    sortBySequence(actual)
    expect(actual.map((n) => (n as unknown as { id: number }).id)).toEqual(
      expected.map((n) => (n as unknown as { id: number }).id),
    )
  })
})

describe('AccumulateGrad storing a gradient the engine summed', () => {
  test('a broadcast leaf keeps its own .grad, apart from every other gradient of the pass', () => {
    // w's gradient is a sum the engine makes (sumToShape), stored without a copy; b's is the caller's tensor
    const w = tensor(2, { dtype: 'float32', requiresGrad: true })
    const b = tensor([1, 1, 1], { dtype: 'float32', requiresGrad: true })
    const x = tensor([1, 2, 3], { dtype: 'float32' })
    const out = w.mul(x).add(b)
    const seed = tensor([1, 10, 100], { dtype: 'float32' })
    out.backward(seed)
    expect(w.grad!.tolist()).toBe(321)
    expect(b.grad!.tolist()).toEqual([1, 10, 100])
    expect(b.grad === seed).toBe(false)
    expect(w.grad!.requiresGrad).toBe(false)
    expect(w.grad!.gradFn === null).toBe(true)
    // a second pass adds in place into the stored tensor, as PyTorch's AccumulateGrad does
    const stored = w.grad
    w.mul(x).add(b).backward(seed)
    expect(w.grad === stored).toBe(true)
    expect(w.grad!.tolist()).toBe(642)
    expect(seed.tolist()).toEqual([1, 10, 100])
  })

  test('with createGraph the summed gradient stays differentiable', () => {
    const w = tensor(2, { dtype: 'float64', requiresGrad: true })
    const x = tensor([1, 2, 3], { dtype: 'float64' })
    w.mul(w).mul(x).sum().backward(null, { createGraph: true })
    expect(w.grad!.tolist()).toBe(24)
    expect(w.grad!.gradFn === null).toBe(false)
  })
})

describe('the single-output pass (Tensor.backward) reuses its lists', () => {
  // a custom op whose rule runs a backward pass of its own: the inner pass must not disturb the outer one's list
  const nested = defineOp({
    name: 'NestedBackward0',
    forward: ([a]) => K.mul(a as K.NDArray, 3),
    backward: (g) => {
      const z = tensor(2, { dtype: 'float64', requiresGrad: true })
      enableGrad(() => z.mul(z)).backward()
      return [g.mul(z.grad!.item())]
    },
  })

  test('a backward pass inside a backward rule leaves the outer pass intact', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true })
    const y = apply(nested, [x.sin()], undefined).mul(x).sum()
    y.backward()
    // d/dx [3 sin(x) * 4 ... ]: the rule scales by dz² = 4 instead of 3, so grad = 4 cos(x) x + 3 sin(x)
    const expected = [1, 2].map((v) => 4 * Math.cos(v) * v + 3 * Math.sin(v))
    close(x.grad!.tolist(), expected)
    // and the next pass starts from a clean list
    x.grad = null
    x.mul(x).sum().backward()
    expect(x.grad!.tolist()).toEqual([2, 4])
  })

  test('a failing rule leaves the next pass working', () => {
    const bad = defineOp({
      name: 'BadBackward0',
      forward: ([a]) => K.mul(a as K.NDArray, 1),
      backward: () => {
        throw new Error('boom')
      },
    })
    const x = tensor(1, { dtype: 'float32', requiresGrad: true })
    expect(() => apply(bad, [x], undefined).mul(2).backward()).toThrow('boom')
    x.mul(5).backward()
    expect(x.grad!.item()).toBe(5)
  })
})

describe('nodes of three inputs and more', () => {
  test('edges and shapes are listed for every input', () => {
    const b = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const m1 = tensor([[1, 2]], { dtype: 'float32' })
    const m2 = tensor([[1, 2], [3, 4]], { dtype: 'float32', requiresGrad: true })
    const node = b.addmm(m1, m2).gradFn!
    expect(node.next.map((n) => n?.name ?? null)).toEqual(['AccumulateGrad', null, 'AccumulateGrad'])
    expect(node.inputShapes).toEqual([[2], null, [2, 2]])
    expect(node.needsInputGrad(1)).toBe(false)
    expect(node.needsInputGrad(2)).toBe(true)
  })
})

describe('gradients a leaf may keep without a copy', () => {
  test('a gradient the rule just made is kept; one it passes through to two inputs is copied for each', () => {
    const w = tensor([2], { dtype: 'float32', requiresGrad: true })
    const b = tensor([1], { dtype: 'float32', requiresGrad: true })
    const c = tensor([5], { dtype: 'float32', requiresGrad: true })
    const x = tensor(3, { dtype: 'float32' })
    // add passes its incoming gradient to both inputs unchanged: neither leaf may hold the other's tensor
    const loss = w.mul(x).add(b).add(c).abs().mean()
    loss.backward()
    expect(w.grad!.tolist()).toEqual([3])
    expect(b.grad!.tolist()).toEqual([1])
    expect(c.grad!.tolist()).toEqual([1])
    expect(b.grad === c.grad).toBe(false)
    expect(b.grad!.array.data === c.grad!.array.data).toBe(false)
    b.grad!.add_(10)
    expect(c.grad!.tolist()).toEqual([1])
    // the kept gradient accumulates in place, as a copied one does
    w.mul(x).add(b).add(c).abs().mean().backward()
    expect(w.grad!.tolist()).toEqual([6])
    expect(c.grad!.tolist()).toEqual([2])
  })
})

describe('a gradient passed on by add/sub (the engine owns it) is kept by one leaf only', () => {
  test('leaves sharing one upstream gradient each get their own tensor', () => {
    const w = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    const b = tensor([3, 4], { dtype: 'float32', requiresGrad: true })
    const c = tensor([5, 6], { dtype: 'float32', requiresGrad: true })
    // abs makes a fresh gradient; sub and add pass it on to w, b and (through mul) c
    w.add(b).add(c.mul(2)).sub(1).abs().sum().backward()
    expect(w.grad === b.grad).toBe(false)
    expect(w.grad!.array.data === b.grad!.array.data).toBe(false)
    b.grad!.array.data[0] = 100
    expect(w.grad!.tolist()).toEqual([1, 1])
    expect(c.grad!.tolist()).toEqual([2, 2])
  })
  test.prop([fc.array(fc.float({ noNaN: true }), { minLength: 1, maxLength: 6 }), fc.float({ noNaN: true })], { numRuns: 50 })(
    "L1 of w·x + b - y: the same gradients (bits) as the recorded path, and b's is not w's",
    (v, s) => {
      const grads = (createGraph: boolean) => {
        const w = tensor([0.5], { dtype: 'float32', requiresGrad: true })
        const b = tensor([s], { dtype: 'float32', requiresGrad: true })
        const x = tensor(v, { dtype: 'float32' })
        w.mul(x).add(b).sub(x.mul(0.25)).abs().mean().backward(null, { createGraph })
        expect(w.grad === b.grad).toBe(false)
        return [w.grad!.item(), b.grad!.item()]
      }
      const fast = grads(false)
      const recorded = grads(true)
      expect(fast.every((g, i) => Object.is(g, recorded[i]))).toBe(true)
    },
  )
  test('a leaf taking the same gradient twice (x + x) sums it', () => {
    const x = tensor([1, 2], { dtype: 'float32', requiresGrad: true })
    x.add(x).sub(3).abs().sum().backward()
    expect(x.grad!.tolist()).toEqual([-2, 2])
  })
})
