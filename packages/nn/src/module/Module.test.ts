import { fc, test as propTest } from '@fast-check/vitest'
import { type Tensor, noGrad, ones, randn, tensor, zeros } from '@descent/autograd'
import { RuntimeError, manualSeed } from '@descent/tensor'
import { describe, expect, test } from 'vitest'
import { fixture } from '../../test/helpers.js'
import { load, save } from '../io/torchSave.js'
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js'
import { KeyError } from '../io/errors.js'
import { Flatten, ReLU, Sigmoid, Tanh } from './activations.js'
import { Linear } from './Linear.js'
import { Module, formatStateDict, pyRepr } from './Module.js'
import { Parameter } from './Parameter.js'
import { Sequential } from './Sequential.js'

const oracle = fixture('nn_module')

// The mirror image of tools/oracle/nn_module.py's Net.
class Net extends Module {
  scale = new Parameter(ones([1]))
  body = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 3))
  declare steps: Tensor
  head: Linear
  shared: Linear
  declare tmp: Tensor
  flat = new Flatten()
  constructor() {
    super()
    this.registerBuffer('steps', zeros([1]))
    this.head = new Linear(3, 1, { bias: false })
    this.shared = this.head
    this.registerBuffer('tmp', zeros([1]), false)
    this.flat = new Flatten()
  }
  forward(x: Tensor): Tensor {
    return this.head.call(this.body.call(x)).mul(this.scale)
  }
}

describe('registration follows PyTorch', () => {
  const net = new Net()
  test('names and order of parameters, buffers, modules and state dict keys', () => {
    expect(net.namedParameters().map(([n]) => n)).toEqual(oracle.net.namedParameters)
    expect(net.namedBuffers().map(([n]) => n)).toEqual(oracle.net.namedBuffers)
    expect(net.namedModules().map(([n]) => n)).toEqual(oracle.net.namedModules)
    expect(net.namedChildren().map(([n]) => n)).toEqual(oracle.net.namedChildren)
    expect(Object.keys(net.stateDict())).toEqual(oracle.net.stateDict)
  })
  test('repr', () => {
    expect(net.toString()).toBe(oracle.net.repr)
  })
  test('a shared module or parameter is listed once', () => {
    expect(net.parameters().filter((p) => p === net.head.weight)).toHaveLength(1)
    expect(net.modules().filter((m) => m === net.head)).toHaveLength(1)
  })
  test('parameters() are the Parameter objects themselves; stateDict() detaches them', () => {
    expect(net.parameters()[0]).toBe(net.scale)
    const sd = net.stateDict()
    expect(sd.scale).not.toBe(net.scale)
    expect(sd.scale!.requiresGrad).toBe(false)
    expect(sd.scale!.array.data).toBe(net.scale.array.data)
    expect(net.stateDict({ keepVars: true }).scale).toBe(net.scale)
    expect(Object.keys(net.stateDict({ prefix: 'model.' }))[0]).toBe('model.scale')
  })
  test('a Parameter shares the storage and version counter of the tensor it wraps, as torch does', () => {
    // torch 1.13: t = torch.tensor([1., 2.]); p = nn.Parameter(t); with no_grad(): p.add_(1) -> t._version == 1
    const t = tensor([1, 2])
    t.add_(1)
    const p = new Parameter(t)
    expect(p._version).toBe(1)
    noGrad(() => p.add_(1))
    expect([t._version, p._version]).toEqual([2, 2])
    expect(t.tolist()).toEqual([3, 4])
  })
  test('non-recursive listings', () => {
    expect(net.namedParameters('', false).map(([n]) => n)).toEqual(['scale'])
    expect(net.buffers(false)).toHaveLength(2)
  })
  test('plain tensors and numbers are not registered', () => {
    class M extends Module {
      t = zeros([2])
      n = 3
      p = new Parameter(zeros([1]))
      forward() {
        return this.t
      }
    }
    expect(new M().namedParameters().map(([n]) => n)).toEqual(['p'])
    expect(Object.keys(new M().stateDict())).toEqual(['p'])
  })
  test('registerParameter, addModule and registerBuffer refuse bad names like PyTorch', () => {
    const m = new Sequential()
    expect(() => m.registerParameter('a.b', null)).toThrow(new KeyError('parameter name can\'t contain "."'))
    expect(() => m.registerParameter('', null)).toThrow(new KeyError('parameter name can\'t be empty string ""'))
    expect(() => m.registerParameter('forward', null)).toThrow(new KeyError("attribute 'forward' already exists"))
    expect(() => m.addModule('x.y', new ReLU())).toThrow('module name can\'t contain ".", got: x.y')
    expect(() => m.registerBuffer('training', zeros([1]))).toThrow("attribute 'training' already exists")
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
    expect(() => m.registerParameter('w', zeros([1]) as any)).toThrow(
      "cannot assign 'Tensor' object to parameter 'w' (torch.nn.Parameter or None required)",
    )
    const x = randn([2], { requiresGrad: true })
    expect(() => m.registerParameter('w', x.mul(2) as Parameter)).toThrow("cannot assign 'Tensor' object")
    m.registerParameter('w', new Parameter(zeros([1])))
    expect(m.namedParameters().map(([n]) => n)).toEqual(['w'])
  })
})

describe('modes, gradients and apply', () => {
  test('train() and eval() reach every descendant', () => {
    const net = new Net()
    net.eval()
    expect(net.modules().every((m) => !m.training)).toBe(true)
    net.train()
    expect(net.modules().every((m) => m.training)).toBe(true)
    expect(net.train(false)).toBe(net)
  })
  test('zeroGrad zeroes in place (PyTorch 1.13 default) or drops gradients', () => {
    const lin = new Linear(2, 1)
    lin.call(ones([3, 2])).sum().backward()
    const g = lin.weight.grad!
    lin.zeroGrad()
    expect(lin.weight.grad).toBe(g)
    expect(g.tolist()).toEqual([[0, 0]])
    lin.zeroGrad({ setToNone: true })
    expect(lin.weight.grad).toBeNull()
    expect(lin.bias!.grad).toBeNull()
  })
  test('apply visits children before their parent', () => {
    const order: string[] = []
    const seq = new Sequential(new Linear(1, 1), new Sequential(new ReLU(), new Sigmoid()))
    seq.apply((m) => order.push(m.constructor.name))
    expect(order).toEqual(['Linear', 'ReLU', 'Sigmoid', 'Sequential', 'Sequential'])
  })
  test('to(dtype) casts parameters, gradients and buffers in place', () => {
    const net = new Net()
    const scale = net.scale
    net.call(ones([2, 2])).sum().backward()
    net.double()
    expect(net.scale).toBe(scale)
    expect(net.parameters().every((p) => p.dtype === 'float64')).toBe(true)
    expect(net.scale.grad!.dtype).toBe('float64')
    expect(net.steps.dtype).toBe('float64')
    expect(net.call(ones([2, 2], { dtype: 'float64' })).dtype).toBe('float64')
    expect(net.float().head.weight.dtype).toBe('float32')
    expect(() => net.to('int64')).toThrow('nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.int64')
  })
  test('requiresGrad_ freezes every parameter', () => {
    const net = new Net().requiresGrad_(false)
    expect(net.parameters().every((p) => !p.requiresGrad)).toBe(true)
  })
})

describe('loadStateDict', () => {
  test.each(Object.keys(oracle.load))('%s reads like PyTorch', (name) => {
    const cases: Record<string, () => { missingKeys: string[]; unexpectedKeys: string[] }> = {
      missing: () => new Linear(3, 2).loadStateDict({ weight: zeros([2, 3]) }),
      unexpected: () =>
        new Linear(3, 2).loadStateDict({ weight: zeros([2, 3]), bias: zeros([2]), extra: zeros([1]), 'bias.x': zeros([1]) }),
      size: () => new Linear(3, 2).loadStateDict({ weight: zeros([3, 2]), bias: zeros([2]) }),
      all: () => new Linear(3, 2).loadStateDict({ weight: zeros([3, 3]), extra: zeros([1]) }),
      notStrict: () => new Linear(3, 2).loadStateDict({ weight: zeros([2, 3]), extra: zeros([1]) }, { strict: false }),
      notStrictSize: () => new Linear(3, 2).loadStateDict({ weight: zeros([2, 2]) }, { strict: false }),
      sequential: () =>
        new Sequential(new Linear(3, 2), new ReLU(), new Linear(2, 1)).loadStateDict({
          '0.weight': zeros([2, 3]),
          '1.weight': zeros([1]),
          '2.bias': zeros([2]),
        }),
      scalarFromOneElement: () => {
        class Scalar extends Module {
          s = new Parameter(tensor(0))
          forward() {
            return this.s
          }
        }
        const m = new Scalar()
        const out = m.loadStateDict({ s: ones([1]) })
        expect(m.s.item()).toBe(1)
        return out
      },
    }
    const want = oracle.load[name]
    if (want.error !== undefined) {
      expect(cases[name]!).toThrow(RuntimeError)
      expect(cases[name]!).toThrow(want.error)
    } else {
      expect(cases[name]!()).toEqual(want)
    }
  })
  test('nothing is copied when loading fails', () => {
    const lin = new Linear(3, 2)
    const before = lin.weight.tolist()
    expect(() => lin.loadStateDict({ weight: ones([2, 3]), bias: zeros([3]) })).toThrow('size mismatch for bias')
    expect(lin.weight.tolist()).toEqual(before)
  })
  test('copies values in place, keeping the Parameter objects, and casts dtype', () => {
    const lin = new Linear(2, 1)
    const w = lin.weight
    lin.loadStateDict({ weight: tensor([[1, 2]], { dtype: 'float64' }), bias: tensor([3]) })
    expect(lin.weight).toBe(w)
    expect(lin.weight.dtype).toBe('float32')
    expect(lin.weight.tolist()).toEqual([[1, 2]])
    expect(lin.bias!.tolist()).toEqual([3])
  })
  test('accepts NDArrays as the loaders return them', () => {
    const lin = new Linear(2, 1)
    lin.loadStateDict({ weight: tensor([[1, 2]]).array, bias: tensor([3]).array })
    expect(lin.weight.tolist()).toEqual([[1, 2]])
  })
  test('a non-tensor entry is reported by name', () => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
    expect(() => new Linear(1, 1).loadStateDict({ weight: 3 as any, bias: zeros([1]) })).toThrow(
      'While copying the parameter named "weight", expected torch.Tensor or Tensor-like object from checkpoint but received number',
    )
  })
})

// Random model trees: a Sequential of Sequentials of Linear layers and activations, then a Linear head.
const arbModel = fc
  .tuple(fc.integer({ min: 1, max: 4 }), fc.array(fc.array(fc.nat(3), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.nat(1000))
  .map(([width, groups, seed]) => ({ width, groups, seed }))

function build({ width, groups, seed }: { width: number; groups: number[][]; seed: number }): Sequential {
  manualSeed(seed)
  const kinds = [() => new ReLU(), () => new Tanh(), (() => new Linear(width, width)) as () => Module, () => new Linear(width, width, { bias: false })]
  return new Sequential(...groups.map((g) => new Sequential(...g.map((k) => kinds[k]!()))), new Linear(width, 1))
}

describe('properties over random models', () => {
  propTest.prop([arbModel], { numRuns: 25 })('state dict keys are the parameter names, each a dotted path to its Parameter', (spec) => {
    const model = build(spec)
    const names = model.namedParameters().map(([n]) => n)
    expect(Object.keys(model.stateDict())).toEqual(names)
    expect(model.parameters()).toHaveLength(names.length)
    for (const [name, p] of model.namedParameters()) {
      // biome-ignore lint/suspicious/noExplicitAny: walking fields by name
      const found = name.split('.').reduce((m: any, k) => m[k], model)
      expect(found).toBe(p)
    }
  })
  propTest.prop([arbModel, fc.constantFrom('pth', 'safetensors')], { numRuns: 25 })(
    'save -> load -> loadStateDict into a fresh model gives identical outputs',
    (spec, format) => {
      const model = build(spec)
      const other = build({ ...spec, seed: spec.seed + 1 })
      const x = randn([3, spec.width])
      const bytes = format === 'pth' ? save(model.stateDict()) : saveSafetensors(model.stateDict())
      const sd = format === 'pth' ? load(bytes) : loadSafetensors(bytes)
      expect(other.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] })
      expect(other.call(x).tolist()).toEqual(model.call(x).tolist())
    },
  )
  propTest.prop([arbModel], { numRuns: 25 })('loadStateDict(stateDict()) changes nothing', (spec) => {
    const model = build(spec)
    const x = randn([2, spec.width])
    const y = model.call(x).tolist()
    model.loadStateDict(model.stateDict())
    expect(model.call(x).tolist()).toEqual(y)
  })
})

describe('printing like PyTorch', () => {
  test('loadStateDict results', () => {
    expect(String(new Linear(1, 1).loadStateDict(new Linear(1, 1).stateDict()))).toBe(oracle.print.allMatched)
    const partial = new Linear(1, 1).loadStateDict({ weight: zeros([1, 1]), "it's": zeros([1]) }, { strict: false })
    expect(String(partial)).toBe(oracle.print.partial)
  })
  test('the repr of a str key', () => {
    expect(pyRepr('a')).toBe("'a'")
    expect(pyRepr("it's")).toBe('"it\'s"')
    expect(pyRepr('both \' and "')).toBe("'both \\' and \"'")
    expect(pyRepr('back\\slash\n')).toBe("'back\\\\slash\\n'")
  })
  test('formatStateDict of an empty dict', () => {
    expect(formatStateDict({})).toBe('OrderedDict()')
    expect(formatStateDict(new ReLU().stateDict())).toBe(oracle.print.emptyStateDict)
  })
  test('a seeded Linear\'s state dict and parameters print as in PyTorch', () => {
    manualSeed(oracle.print.seed)
    const lin = new Linear(2, 1)
    expect(formatStateDict(lin.stateDict())).toBe(oracle.print.stateDict)
    expect(`[${lin.parameters().map(String).join(', ')}]`).toBe(oracle.print.parameters)
  })
})
