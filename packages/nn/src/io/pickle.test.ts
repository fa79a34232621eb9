import { describe, expect, test } from 'vitest'
import { fixture } from '../../test/helpers.js'
import { UnpicklingError } from './errors.js'
import { ALLOWED_GLOBALS, PyDict, type PyGlobal, PyObject, PyTuple, type PyValue, Pickler, unpickle } from './pickle.js'

const hooks = {
  persistentLoad: (pid: PyTuple) => new PyObject('pid', pid.items),
  call: (fn: PyGlobal, args: PyValue[]) => (fn.path === 'collections.OrderedDict' ? new PyDict(true) : new PyObject(fn.path, args)),
}
const run = (...ops: (number | string)[]) => {
  const bytes: number[] = []
  for (const op of ops) {
    if (typeof op === 'number') bytes.push(op)
    else bytes.push(...new TextEncoder().encode(op))
  }
  return unpickle(Uint8Array.from(bytes), hooks)
}

describe('the weights-only unpickler', () => {
  test('ints of every width, as pickle encodes them', () => {
    const p = new Pickler()
    const values = [0, 255, 256, 65535, 65536, -1, -(2 ** 31), 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 40]
    p.mark()
    for (const v of values) p.int(v)
    p.tuple('mark')
    expect((unpickle(p.finish(), hooks) as PyTuple).items).toEqual(values)
  })
  test('LONG1 beyond 2^53 stays exact as a bigint', () => {
    // 2^64 as LONG1: 9 bytes little-endian two's complement.
    expect(run(0x80, 2, 0x8a, 9, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x2e)).toBe(2n ** 64n)
  })
  test('memo, marks, tuples, lists, dicts and sets', () => {
    // ( K1 q0 h0 t ] K2 a } X'k' K3 s N \x88 \x89 \x8f \x87 .
    const v = run(0x80, 2, 0x28, 0x4b, 1, 0x71, 0, 0x68, 0, 0x74, 0x5d, 0x4b, 2, 0x61, 0x7d, 0x58, 1, 0, 0, 0, 'k', 0x4b, 3, 0x73, 0x4e, 0x88, 0x89, 0x87, 0x2e)
    expect(v).toBeInstanceOf(PyTuple)
    const [none, t, f] = (v as PyTuple).items
    expect([none, t, f]).toEqual([null, true, false])
  })
  test('refusals name what was refused, in torch\'s words', () => {
    expect(() => run(0x80, 2, 0x63, 'os\nsystem\n', 0x2e)).toThrow(new UnpicklingError('Unsupported class os.system'))
    expect(() => run(0x80, 2, 0x63, 'builtins\ngetattr\n', 0x2e)).toThrow('Unsupported class builtins.getattr')
    expect(() => run(0x80, 2, 0x93)).toThrow('Unsupported operand 147') // STACK_GLOBAL
    expect(() => run(0x80, 2, 0x47)).toThrow('Unsupported operand 71') // BINFLOAT: not allowed in 1.13
    expect(() => run(0x80, 2, 0x69, 'os\nsystem\n')).toThrow('Unsupported operand 105') // INST
    expect(() => run(0x80, 2, 0x63, 'torch\nSize\n', 0x29, 0x81, 0x2e)).toThrow(
      'Trying to instantiate unsupported class <torch.Size>',
    )
    expect(() => run(0x80, 2, 0x5d, 0x7d, 0x62, 0x2e)).toThrow("Can only build Tensor, parameter or dict objects, but got <class 'list'>")
    expect(() => run(0x80, 2, 0x7d, 0x4b, 1, 0x61, 0x2e)).toThrow("Can only append to lists, but got <class 'dict'>")
    expect(() => run(0x80, 2, 0x58, 3, 0, 0, 0, 'abc', 0x51, 0x2e)).toThrow(
      "persistent_load id must be tuple or int, but got <class 'str'>",
    )
    expect(() => run(0x80, 2, 0x58, 1, 0, 0, 0, 'x', 0x85, 0x51, 0x2e)).toThrow('Only persistent_load of storage is allowed, but got x')
  })
  test('malformed pickles fail cleanly', () => {
    expect(() => run(0x80)).toThrow('pickle data was truncated')
    expect(() => run(0x80, 2, 0x2e)).toThrow('unpickling stack underflow')
    expect(() => run(0x80, 2, 0x74)).toThrow('could not find MARK')
    expect(() => run(0x80, 2, 0x68, 5)).toThrow('Memo value not found at index 5')
    expect(() => run(0x80, 2, 0x58, 0xff, 0xff, 0xff, 0x7f)).toThrow('pickle data was truncated')
    expect(() => run(0x80, 2, 0x4e, 0x2e, 0x4e)).toThrow('trailing bytes after STOP')
    expect(() => run(0x80, 2, 0x7d, 0x5d, 0x4b, 1, 0x73, 0x2e)).toThrow("unhashable or unsupported dict key of type <class 'list'>")
  })
  test('the allowed globals are exactly PyTorch 1.13\'s', () => {
    expect([...ALLOWED_GLOBALS].sort()).toEqual(fixture('nn_io').allowedGlobals)
    expect(ALLOWED_GLOBALS.has('torch._utils._rebuild_tensor_v2')).toBe(true)
    expect(ALLOWED_GLOBALS.has('torch.storage._load_from_bytes')).toBe(false)
  })
})
