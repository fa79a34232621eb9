import { Tensor, ones, tensor, zeros } from '@descent/autograd'
import { describe, expect, test } from 'vitest'
import { Flatten, Identity, ReLU, Sigmoid, Tanh } from './activations.js'
import { Linear } from './Linear.js'
import { Parameter } from './Parameter.js'
import { Sequential } from './Sequential.js'

describe('Parameter', () => {
  test('is a leaf Tensor that requires grad and shares its data\'s storage', () => {
    const data = tensor([1, 2])
    const p = new Parameter(data)
    expect(p).toBeInstanceOf(Tensor)
    expect(p.requiresGrad).toBe(true)
    expect(p.isLeaf).toBe(true)
    expect(p.array).toBe(data.array)
    expect(new Parameter(data, false).requiresGrad).toBe(false)
    expect(new Parameter().shape).toEqual([0])
  })
  test('ops on a Parameter give plain Tensors', () => {
    const p = new Parameter(tensor([1, 2]))
    expect(p.mul(2)).not.toBeInstanceOf(Parameter)
  })
})

describe('activations and shape layers', () => {
  const x = tensor([-2, 0, 3])
  test('ReLU, Sigmoid, Tanh, Identity', () => {
    expect(new ReLU().call(x).tolist()).toEqual([0, 0, 3])
    expect(new Sigmoid().call(tensor([0])).tolist()).toEqual([0.5])
    expect(new Tanh().call(tensor([0])).tolist()).toEqual([0])
    expect(new Identity().call(x)).toBe(x)
  })
  test('Flatten keeps the batch dim by default', () => {
    expect(new Flatten().call(zeros([2, 3, 4])).shape).toEqual([2, 12])
    expect(new Flatten(0).call(zeros([2, 3, 4])).shape).toEqual([24])
    expect(new Flatten(1, 2).call(zeros([2, 3, 4, 5])).shape).toEqual([2, 12, 5])
    expect(new Flatten().toString()).toBe('Flatten(start_dim=1, end_dim=-1)')
  })
  test('activations have no parameters and an empty repr', () => {
    expect(new ReLU().parameters()).toEqual([])
    expect(new ReLU().toString()).toBe('ReLU()')
  })
})

describe('Sequential', () => {
  test('chains its modules in order', () => {
    const lin = new Linear(2, 2)
    const seq = new Sequential(lin, new ReLU())
    const x = ones([3, 2])
    expect(seq.call(x).tolist()).toEqual(lin.call(x).relu().tolist())
  })
  test('length, at, append and iteration', () => {
    const relu = new ReLU()
    const seq = new Sequential(new Linear(1, 1), relu)
    expect(seq.length).toBe(2)
    expect(seq.at(-1)).toBe(relu)
    expect(() => seq.at(2)).toThrow('index 2 is out of range')
    seq.append(new Tanh())
    expect([...seq].map((m) => m.constructor.name)).toEqual(['Linear', 'ReLU', 'Tanh'])
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias'])
  })
  test('a module placed twice runs twice, and its parameters are listed once', () => {
    const lin = new Linear(1, 1)
    const seq = new Sequential(lin, lin)
    const x = ones([1, 1])
    expect(seq.call(x).tolist()).toEqual(lin.call(lin.call(x)).tolist())
    expect(seq.parameters()).toHaveLength(2)
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias', '1.weight', '1.bias'])
  })
  test('named children from an object, as from an OrderedDict', () => {
    const seq = new Sequential({ hidden: new Linear(2, 3), act: new ReLU(), out: new Linear(3, 1) })
    expect(Object.keys(seq.stateDict())).toEqual(['hidden.weight', 'hidden.bias', 'out.weight', 'out.bias'])
    expect(seq.call(ones([4, 2])).shape).toEqual([4, 1])
    expect(seq.at(1)).toBeInstanceOf(ReLU)
  })
  test('an empty Sequential is the identity', () => {
    const x = ones([2])
    expect(new Sequential().call(x)).toBe(x)
  })
})
