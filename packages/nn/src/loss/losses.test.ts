import { fc, test as propTest } from '@fast-check/vitest'
import { type Tensor, gradcheck, gradgradcheck, tensor } from '@descent/autograd'
import { type DType, catchWarnings } from '@descent/tensor'
import { describe, expect, test } from 'vitest'
import { expectCloseTo, fixture } from '../../test/helpers.js'
import * as F from '../functional.js'
import { BCELoss, BCEWithLogitsLoss, CrossEntropyLoss, HuberLoss, L1Loss, MSELoss, NLLLoss, SmoothL1Loss } from '../index.js'

// biome-ignore lint/suspicious/noExplicitAny: fixture rows are checked by the tests that read them
const rows = (r: unknown[][]) => r as [any, any][]
const oracle = fixture('nn_losses')

// biome-ignore lint/suspicious/noExplicitAny: the functional losses take different option bags
const fns = F as unknown as Record<string, (input: Tensor, target: Tensor, options?: any) => Tensor>

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
function optionsOf(raw: Record<string, any>, dtype: DType) {
  const out: Record<string, unknown> = { ...raw }
  for (const k of ['weight', 'posWeight']) if (k in raw) out[k] = tensor(raw[k], { dtype })
  return out
}

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
const label = (c: any) => `${c.fn} ${c.dtype} ${JSON.stringify(c.options)} input ${JSON.stringify(c.input).slice(0, 40)}`

describe('losses agree with PyTorch: value, input gradient and warnings for each reduction', () => {
  // biome-ignore lint/suspicious/noExplicitAny: fixture JSON
  test.each(rows(oracle.cases.map((c: any) => [label(c), c])))('%s', (_, c) => {
    const dtype = c.dtype as DType
    // The regression losses are bit for bit PyTorch's; the others use autograd's log-softmax, sigmoid and sums, which
    // differ from PyTorch's fused kernels and hand-written backward formulas by an ulp or so.
    const exact = ['mseLoss', 'l1Loss', 'huberLoss', 'smoothL1Loss'].includes(c.fn)
    const tol = exact ? { rtol: 0, atol: 0 } : dtype === 'float32' ? { rtol: 2e-5, atol: 1e-6 } : { rtol: 1e-12, atol: 1e-14 }
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const want = c.results[reduction]
      const x = tensor(c.input, { dtype, requiresGrad: true })
      const t = tensor(c.target, { dtype: c.targetDtype === 'int64' ? 'int64' : dtype })
      const { result: loss, warnings } = catchWarnings(() => fns[c.fn]!(x, t, { ...optionsOf(c.options, dtype), reduction }))
      expect(loss.dtype).toBe(dtype)
      expectCloseTo(loss.tolist(), want.value, tol)
      loss.sum().backward()
      expectCloseTo(x.grad!.tolist(), want.grad, tol)
      expect(warnings.map((w) => w.message)).toEqual(want.warnings)
      expect(warnings.every((w) => w.category === 'UserWarning')).toBe(true)
    }
  })
})

describe('errors read like PyTorch', () => {
  // biome-ignore lint/suspicious/noExplicitAny: fixture JSON
  test.each(rows(oracle.errors.map((e: any) => [`${e.fn}: ${e.message}`, e])))('%s', (_, e) => {
    const x = tensor(e.input, { dtype: 'float32' })
    const t = tensor(e.target, { dtype: e.targetDtype === 'int64' ? 'int64' : 'float32' })
    let error: unknown
    try {
      fns[e.fn]!(x, t, optionsOf(e.options, 'float32'))
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).name).toBe(e.type)
    expect((error as Error).message).toBe(e.message)
  })
  test('the notebook broadcast warning has torch\'s exact words', () => {
    const { warnings } = catchWarnings(() => F.l1Loss(tensor(0.5), tensor([1])))
    expect(warnings).toEqual([
      {
        category: 'UserWarning',
        message:
          'Using a target size (torch.Size([1])) that is different to the input size (torch.Size([])). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.',
      },
    ])
  })
})

test('a per-sample loop warns on every call, with the words of each call\'s shapes (the text is cached per pair)', () => {
  const lossFn = new L1Loss()
  const pairs: [Tensor, Tensor][] = [
    [tensor([0.5]), tensor(1)],
    [tensor([0.5]), tensor(2)],
    [tensor(0.5), tensor([1])],
    [tensor([0.5]), tensor(1)],
    [tensor([0.5, 1]), tensor([1, 2])],
  ]
  const { warnings } = catchWarnings(() => {
    for (const [input, target] of pairs) lossFn.call(input, target)
  })
  const sizes = (t: string, i: string) =>
    `Using a target size (torch.Size([${t}])) that is different to the input size (torch.Size([${i}])). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`
  expect(warnings.map((w) => w.message)).toEqual([sizes('', '1'), sizes('', '1'), sizes('1', ''), sizes('', '1')])
})

describe('loss modules', () => {
  const x = tensor([[0.2, 0.7], [0.9, 0.4]], { dtype: 'float32' })
  const y = tensor([[0, 1], [1, 0]], { dtype: 'float32' })
  test('each module computes its functional form with its options', () => {
    expect(new MSELoss({ reduction: 'sum' }).call(x, y).item()).toBe(F.mseLoss(x, y, { reduction: 'sum' }).item())
    expect(new L1Loss().call(x, y).item()).toBe(F.l1Loss(x, y).item())
    expect(new HuberLoss({ delta: 0.3 }).call(x, y).item()).toBe(F.huberLoss(x, y, { delta: 0.3 }).item())
    expect(new SmoothL1Loss({ beta: 0.3 }).call(x, y).item()).toBe(F.smoothL1Loss(x, y, { beta: 0.3 }).item())
    expect(new BCELoss().call(x, y).item()).toBe(F.binaryCrossEntropy(x, y).item())
    const pw = tensor([2, 0.5])
    expect(new BCEWithLogitsLoss({ posWeight: pw }).call(x, y).item()).toBe(F.binaryCrossEntropyWithLogits(x, y, { posWeight: pw }).item())
    const idx = tensor([1, 0], { dtype: 'int64' })
    expect(new NLLLoss({ ignoreIndex: 0 }).call(x, idx).item()).toBe(F.nllLoss(x, idx, { ignoreIndex: 0 }).item())
    expect(new CrossEntropyLoss({ labelSmoothing: 0.1 }).call(x, idx).item()).toBe(F.crossEntropy(x, idx, { labelSmoothing: 0.1 }).item())
  })
  test('weights are buffers: they appear in the state dict under PyTorch\'s key', () => {
    const w = tensor([1, 2])
    expect(Object.keys(new CrossEntropyLoss({ weight: w }).stateDict())).toEqual(['weight'])
    expect(Object.keys(new CrossEntropyLoss().stateDict())).toEqual([])
    expect(new MSELoss().toString()).toBe('MSELoss()')
  })
  test('a bad reduction is refused when the module is built', () => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
    expect(() => new MSELoss({ reduction: 'avg' as any })).toThrow('avg is not a valid value for reduction')
  })
  test('empty inputs give NaN means, as in PyTorch', () => {
    expect(F.mseLoss(tensor([]), tensor([])).item()).toBeNaN()
    expect(F.nllLoss(tensor([[-1, -2]]), tensor([-100], { dtype: 'int64' })).item()).toBeNaN()
  })
  test('BCE stays finite at exactly 0 and 1 (logs clamped at -100)', () => {
    expect(F.binaryCrossEntropy(tensor([0, 1]), tensor([1, 0]), { reduction: 'none' }).tolist()).toEqual([100, 100])
  })
})

// gradcheck in float64 on random inputs: every loss's backward against central differences.
const arbValues = (n: number, min = -3, max = 3) =>
  fc.array(fc.double({ min, max, noNaN: true }), { minLength: n, maxLength: n })
const f64 = (v: number[], shape: number[], requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad }).reshape(shape)
const reductions = fc.constantFrom('mean' as const, 'sum' as const, 'none' as const)

describe('gradcheck on every loss', () => {
  // Differences input - target kept at least 0.01 away from the kinks of l1, huber and smooth l1 (0 and ±delta).
  const gaps = (n: number) => fc.array(fc.tuple(fc.boolean(), fc.double({ min: 0.01, max: 3, noNaN: true })), { minLength: n, maxLength: n })
  propTest.prop([arbValues(6), gaps(6), reductions], { numRuns: 15 })('mseLoss, l1Loss', (a, g, reduction) => {
    const t = f64(a.map((v, i) => v + (g[i]![0] ? 1 : -1) * g[i]![1]), [2, 3])
    expect(gradcheck((x) => F.mseLoss(x, t, { reduction }), [f64(a, [2, 3], true)])).toBe(true)
    expect(gradcheck((x) => F.l1Loss(x, t, { reduction }), [f64(a, [2, 3], true)])).toBe(true)
  })
  propTest.prop([arbValues(6), gaps(6), reductions, fc.double({ min: 0.1, max: 2, noNaN: true })], { numRuns: 15 })(
    'huberLoss, smoothL1Loss',
    (a, g, reduction, delta) => {
      const d = g.map(([sign, m]) => (sign ? 1 : -1) * (m < 1.5 ? delta * (m < 0.75 ? 0.5 : 1.5) : m + delta + 0.01))
      const t = f64(a.map((v, i) => v + d[i]!), [6])
      expect(gradcheck((x) => F.huberLoss(x, t, { reduction, delta }), [f64(a, [6], true)])).toBe(true)
      expect(gradcheck((x) => F.smoothL1Loss(x, t, { reduction, beta: delta }), [f64(a, [6], true)])).toBe(true)
    },
  )
  propTest.prop([arbValues(4, 0.05, 0.95), arbValues(4, 0, 1), arbValues(4, 0.1, 2), reductions], { numRuns: 15 })(
    'binaryCrossEntropy (input and weight)',
    (p, t, w, reduction) => {
      const target = f64(t, [2, 2])
      expect(gradcheck((x, weight) => F.binaryCrossEntropy(x, target, { weight, reduction }), [f64(p, [2, 2], true), f64(w, [2, 2], true)])).toBe(true)
    },
  )
  propTest.prop([arbValues(4, -20, 20), arbValues(4, 0, 1), arbValues(2, 0.1, 3), reductions], { numRuns: 15 })(
    'binaryCrossEntropyWithLogits (input, weight and posWeight)',
    (z, t, pw, reduction) => {
      const target = f64(t, [2, 2])
      const weight = f64([0.5, 2], [2])
      expect(
        gradcheck((x, posWeight) => F.binaryCrossEntropyWithLogits(x, target, { weight, posWeight, reduction }), [f64(z, [2, 2], true), f64(pw, [2], true)]),
      ).toBe(true)
    },
  )
  const targets = fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 3, maxLength: 3 })
  propTest.prop([arbValues(9), targets, reductions, fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean()], { numRuns: 20 })(
    'nllLoss and crossEntropy with indices (weight, ignoreIndex, labelSmoothing)',
    (a, t, reduction, labelSmoothing, weighted) => {
      // -1 plays the ignored index; a mean over only ignored targets is 0/0, whose gradient is NaN in PyTorch too.
      fc.pre(reduction !== 'mean' || t.some((c) => c !== -1))
      const target = tensor(t, { dtype: 'int64' })
      const weight = weighted ? f64([0.5, 1, 2], [3]) : null
      const opts = { reduction, ignoreIndex: -1, weight }
      expect(gradcheck((x) => F.nllLoss(x, target, opts), [f64(a, [3, 3], true)])).toBe(true)
      expect(gradcheck((x) => F.crossEntropy(x, target, { ...opts, labelSmoothing }), [f64(a, [3, 3], true)])).toBe(true)
    },
  )
  propTest.prop([arbValues(6), arbValues(6, 0, 1), reductions, fc.double({ min: 0, max: 1, noNaN: true })], { numRuns: 15 })(
    'crossEntropy with probabilities',
    (a, p, reduction, labelSmoothing) => {
      const target = f64(p, [2, 3])
      expect(gradcheck((x) => F.crossEntropy(x, target, { reduction, labelSmoothing }), [f64(a, [2, 3], true)])).toBe(true)
    },
  )
})

describe('second derivatives come free (gradgradcheck)', () => {
  propTest.prop([arbValues(6), arbValues(6, 0, 1), reductions], { numRuns: 8 })(
    'mseLoss, binaryCrossEntropyWithLogits, crossEntropy',
    (a, p, reduction) => {
      const target = f64(p, [2, 3])
      const x = () => f64(a, [2, 3], true)
      expect(gradgradcheck((t) => F.mseLoss(t, target, { reduction }), [x()])).toBe(true)
      expect(gradgradcheck((t) => F.binaryCrossEntropyWithLogits(t, target, { reduction }), [x()])).toBe(true)
      expect(gradgradcheck((t) => F.crossEntropy(t, target, { reduction, labelSmoothing: 0.1 }), [x()])).toBe(true)
      expect(gradgradcheck((t) => F.crossEntropy(t, tensor([2, 0], { dtype: 'int64' }), { reduction }), [x()])).toBe(true)
    },
  )
})
