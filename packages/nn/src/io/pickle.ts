import { UnpicklingError } from './errors.js'

// The pickle opcodes PyTorch 1.13's weights-only unpickler accepts (torch/_weights_only_unpickler.py), by byte.
const OP = {
  MARK: 0x28, // (
  EMPTY_TUPLE: 0x29, // )
  STOP: 0x2e, // .
  BINPERSID: 0x51, // Q
  REDUCE: 0x52, // R
  BINUNICODE: 0x58, // X
  APPEND: 0x61, // a
  BUILD: 0x62, // b
  GLOBAL: 0x63, // c
  APPENDS: 0x65, // e
  BINGET: 0x68, // h
  BININT: 0x4a, // J
  BININT1: 0x4b, // K
  BININT2: 0x4d, // M
  LONG_BINGET: 0x6a, // j
  EMPTY_LIST: 0x5d, // ]
  BINPUT: 0x71, // q
  LONG_BINPUT: 0x72, // r
  SETITEM: 0x73, // s
  TUPLE: 0x74, // t
  SETITEMS: 0x75, // u
  EMPTY_DICT: 0x7d, // }
  NONE: 0x4e, // N
  SHORT_BINSTRING: 0x55, // U
  PROTO: 0x80,
  NEWOBJ: 0x81,
  TUPLE1: 0x85,
  TUPLE2: 0x86,
  TUPLE3: 0x87,
  NEWTRUE: 0x88,
  NEWFALSE: 0x89,
  LONG1: 0x8a,
  EMPTY_SET: 0x8f,
} as const

const cudaAndCpu = ['BFloat16', 'Bool', 'Byte', 'Char', 'ComplexDouble', 'ComplexFloat', 'Double', 'Float', 'Half', 'Int', 'Long', 'Short']
const tensorKinds = ['BFloat16', 'Bool', 'Byte', 'Char', 'Double', 'Float', 'Half', 'Int', 'Long', 'Short']
const sparseKinds = ['BFloat16', 'Byte', 'Char', 'Double', 'Float', 'Half', 'Int', 'Long', 'Short']

/** Exactly the globals PyTorch 1.13's weights-only unpickler resolves; every other name is refused. */
export const ALLOWED_GLOBALS: ReadonlySet<string> = new Set([
  'collections.OrderedDict',
  'torch.nn.parameter.Parameter',
  'torch.serialization._get_layout',
  'torch.Size',
  'torch.Tensor',
  ...['complex32', 'complex64', 'complex128', 'float16', 'float32', 'float64', 'int8', 'int16', 'int32', 'int64'].map((t) => `torch.${t}`),
  ...tensorKinds.flatMap((k) => [`torch.${k}Tensor`, `torch.cuda.${k}Tensor`]),
  ...sparseKinds.flatMap((k) => [`torch.sparse.${k}Tensor`, `torch.cuda.sparse.${k}Tensor`]),
  ...cudaAndCpu.flatMap((k) => [`torch.${k}Storage`, `torch.cuda.${k}Storage`]),
  ...['QInt32', 'QInt8', 'QUInt2x4', 'QUInt4x2', 'QUInt8'].map((k) => `torch.${k}Storage`),
  'torch.storage.TypedStorage',
  'torch.storage.UntypedStorage',
  ...['_rebuild_parameter', '_rebuild_tensor', '_rebuild_tensor_v2', '_rebuild_sparse_tensor', '_rebuild_meta_tensor_no_storage', '_rebuild_sparse_csr_tensor'].map((f) => `torch._utils.${f}`),
])

/** A Python global (class or function) named by a GLOBAL opcode. */
export class PyGlobal {
  constructor(readonly path: string) {}
  toString(): string {
    return `<${this.path}>`
  }
}

/** A Python tuple (kept apart from lists, which are JS arrays). */
export class PyTuple {
  constructor(readonly items: PyValue[]) {}
}

/** A Python dict or OrderedDict with its BUILD attributes (`_metadata` on a state dict). */
export class PyDict {
  readonly map = new Map<PyKey, PyValue>()
  readonly attrs = new Map<string, PyValue>()
  constructor(readonly ordered: boolean) {}
}

/** A Python set; weights-only pickles can only create empty ones. */
export class PySet {}

/** An object a persistent id or a rebuild call produced (a storage, a tensor): opaque to the unpickler. */
export class PyObject<T = unknown> {
  constructor(
    readonly kind: string,
    readonly value: T,
  ) {}
}

export type PyKey = string | number | bigint | boolean | null
export type PyValue = PyKey | Uint8Array | PyGlobal | PyTuple | PyDict | PySet | PyObject | PyValue[]

/** What the archive reader supplies: storages for persistent ids, and the rebuild functions it knows. */
export interface UnpickleHooks {
  persistentLoad: (pid: PyTuple) => PyValue
  /** Calls an allowed global; throw to refuse it. */
  call: (fn: PyGlobal, args: PyValue[]) => PyValue
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

const typeName = (v: PyValue): string => {
  if (v === null) return "<class 'NoneType'>"
  if (Array.isArray(v)) return "<class 'list'>"
  if (v instanceof PyTuple) return "<class 'tuple'>"
  if (v instanceof PyDict) return v.ordered ? "<class 'collections.OrderedDict'>" : "<class 'dict'>"
  if (v instanceof PySet) return "<class 'set'>"
  if (v instanceof PyGlobal) return `<class '${v.path}'>`
  if (v instanceof PyObject) return `<class '${v.kind}'>`
  if (v instanceof Uint8Array) return "<class 'bytes'>"
  if (typeof v === 'string') return "<class 'str'>"
  if (typeof v === 'boolean') return "<class 'bool'>"
  return "<class 'int'>"
}

/**
 * Unpickles `bytes` the way PyTorch 1.13's weights-only unpickler does: the same opcodes, the same allowed globals
 * (refused by name otherwise, with its wording), and nothing is ever imported or executed.
 */
export function unpickle(bytes: Uint8Array, hooks: UnpickleHooks): PyValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let pos = 0
  const fail = (message: string): never => {
    throw new UnpicklingError(message)
  }
  const need = (n: number) => {
    if (pos + n > bytes.length) fail('pickle data was truncated')
  }
  const readLine = (): string => {
    const nl = bytes.indexOf(0x0a, pos)
    if (nl < 0) fail('pickle data was truncated')
    const raw = bytes.subarray(pos, nl)
    pos = nl + 1
    try {
      return utf8.decode(raw)
    } catch {
      return fail('GLOBAL names must be UTF-8')
    }
  }
  const memo = new Map<number, PyValue>()
  const metastack: PyValue[][] = []
  let stack: PyValue[] = []
  const pop = (): PyValue => {
    if (stack.length === 0) fail('unpickling stack underflow')
    return stack.pop()!
  }
  const top = (): PyValue => {
    if (stack.length === 0) fail('unpickling stack underflow')
    return stack[stack.length - 1]!
  }
  const popMark = (): PyValue[] => {
    const items = stack
    if (metastack.length === 0) fail('could not find MARK')
    stack = metastack.pop()!
    return items
  }
  const asKey = (k: PyValue): PyKey => {
    if (k === null || typeof k !== 'object') return k
    return fail(`unhashable or unsupported dict key of type ${typeName(k)}`)
  }
  const setItem = (target: PyValue, k: PyValue, v: PyValue) => {
    if (!(target instanceof PyDict)) fail(`'${typeName(target)}' object does not support item assignment`)
    ;(target as PyDict).map.set(asKey(k), v)
  }

  for (;;) {
    need(1)
    const op = bytes[pos++]!
    switch (op) {
      case OP.GLOBAL: {
        const module = readLine()
        const name = readLine()
        const path = `${module}.${name}`
        if (!ALLOWED_GLOBALS.has(path)) fail(`Unsupported class ${path}`)
        stack.push(new PyGlobal(path))
        break
      }
      case OP.NEWOBJ: {
        const args = pop()
        const cls = pop()
        if (!(cls instanceof PyGlobal) || cls.path !== 'torch.nn.parameter.Parameter') {
          fail(`Trying to instantiate unsupported class ${String(cls)}`)
        }
        if (!(args instanceof PyTuple)) fail('NEWOBJ expected an argument tuple')
        stack.push(hooks.call(cls as PyGlobal, (args as PyTuple).items))
        break
      }
      case OP.REDUCE: {
        const args = pop()
        const fn = top()
        if (!(fn instanceof PyGlobal)) fail(`Trying to call reduce for unrecognized function ${String(fn)}`)
        if (!(args instanceof PyTuple)) fail('REDUCE expected an argument tuple')
        stack[stack.length - 1] = hooks.call(fn as PyGlobal, (args as PyTuple).items)
        break
      }
      case OP.BUILD: {
        const state = pop()
        const inst = top()
        if (!(inst instanceof PyDict) || !inst.ordered) {
          fail(`Can only build Tensor, parameter or dict objects, but got ${typeName(inst)}`)
        }
        if (!(state instanceof PyDict)) fail('BUILD state of an OrderedDict must be a dict')
        for (const [k, v] of (state as PyDict).map) {
          if (typeof k !== 'string') fail('BUILD attribute names must be strings')
          ;(inst as PyDict).attrs.set(k as string, v)
        }
        break
      }
      case OP.APPEND: {
        const item = pop()
        const list = top()
        if (!Array.isArray(list)) fail(`Can only append to lists, but got ${typeName(list)}`)
        ;(list as PyValue[]).push(item)
        break
      }
      case OP.APPENDS: {
        const items = popMark()
        const list = top()
        if (!Array.isArray(list)) fail(`Can only extend lists, but got ${typeName(list)}`)
        for (const item of items) (list as PyValue[]).push(item)
        break
      }
      case OP.SETITEM: {
        const v = pop()
        const k = pop()
        setItem(top(), k, v)
        break
      }
      case OP.SETITEMS: {
        const items = popMark()
        if (items.length % 2 !== 0) fail('odd number of items for SETITEMS')
        const target = top()
        for (let i = 0; i < items.length; i += 2) setItem(target, items[i]!, items[i + 1]!)
        break
      }
      case OP.MARK:
        metastack.push(stack)
        stack = []
        break
      case OP.TUPLE: {
        // popMark swaps `stack`, so take the items before touching it.
        const items = popMark()
        stack.push(new PyTuple(items))
        break
      }
      case OP.TUPLE1: {
        const a = pop()
        stack.push(new PyTuple([a]))
        break
      }
      case OP.TUPLE2: {
        const b = pop()
        const a = pop()
        stack.push(new PyTuple([a, b]))
        break
      }
      case OP.TUPLE3: {
        const c = pop()
        const b = pop()
        const a = pop()
        stack.push(new PyTuple([a, b, c]))
        break
      }
      case OP.NONE:
        stack.push(null)
        break
      case OP.NEWFALSE:
        stack.push(false)
        break
      case OP.NEWTRUE:
        stack.push(true)
        break
      case OP.EMPTY_TUPLE:
        stack.push(new PyTuple([]))
        break
      case OP.EMPTY_LIST:
        stack.push([])
        break
      case OP.EMPTY_DICT:
        stack.push(new PyDict(false))
        break
      case OP.EMPTY_SET:
        stack.push(new PySet())
        break
      case OP.BININT:
        need(4)
        stack.push(view.getInt32(pos, true))
        pos += 4
        break
      case OP.BININT1:
        need(1)
        stack.push(bytes[pos++]!)
        break
      case OP.BININT2:
        need(2)
        stack.push(view.getUint16(pos, true))
        pos += 2
        break
      case OP.BINUNICODE: {
        need(4)
        const n = view.getUint32(pos, true)
        pos += 4
        need(n)
        const raw = bytes.subarray(pos, pos + n)
        pos += n
        try {
          stack.push(utf8.decode(raw))
        } catch {
          fail('BINUNICODE string is not valid UTF-8')
        }
        break
      }
      case OP.SHORT_BINSTRING: {
        // torch.load decodes these with encoding='utf-8'.
        need(1)
        const n = bytes[pos++]!
        need(n)
        const raw = bytes.subarray(pos, pos + n)
        pos += n
        try {
          stack.push(utf8.decode(raw))
        } catch {
          fail('SHORT_BINSTRING is not valid UTF-8')
        }
        break
      }
      case OP.BINPERSID: {
        const pid = pop()
        if (!(pid instanceof PyTuple)) fail(`persistent_load id must be tuple or int, but got ${typeName(pid)}`)
        const tag = (pid as PyTuple).items[0]
        if (tag !== 'storage') fail(`Only persistent_load of storage is allowed, but got ${String(tag)}`)
        stack.push(hooks.persistentLoad(pid as PyTuple))
        break
      }
      case OP.BINGET:
      case OP.LONG_BINGET: {
        const width = op === OP.BINGET ? 1 : 4
        need(width)
        const i = width === 1 ? bytes[pos]! : view.getUint32(pos, true)
        pos += width
        if (!memo.has(i)) fail(`Memo value not found at index ${i}`)
        stack.push(memo.get(i)!)
        break
      }
      case OP.BINPUT:
      case OP.LONG_BINPUT: {
        const width = op === OP.BINPUT ? 1 : 4
        need(width)
        const i = width === 1 ? bytes[pos]! : view.getUint32(pos, true)
        pos += width
        memo.set(i, top())
        break
      }
      case OP.LONG1: {
        need(1)
        const n = bytes[pos++]!
        need(n)
        let v = 0n
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[pos + i]!)
        // Two's complement, little-endian, as pickle.decode_long reads it.
        if (n > 0 && bytes[pos + n - 1]! & 0x80) v -= 1n << BigInt(8 * n)
        pos += n
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v)
        break
      }
      case OP.PROTO:
        need(1)
        pos++
        break
      case OP.STOP: {
        const result = pop()
        if (pos !== bytes.length) fail('trailing bytes after STOP')
        return result
      }
      default:
        fail(`Unsupported operand ${op}`)
    }
  }
}

/** Builds a protocol-2 pickle opcode by opcode, memoizing globals and strings as Python's pickler does. */
export class Pickler {
  private readonly chunks: number[] = [OP.PROTO, 2]
  private readonly memo = new Map<string, number>()
  private readonly enc = new TextEncoder()

  private bytes(...b: number[]): void {
    for (const x of b) this.chunks.push(x)
  }
  private u32(n: number): void {
    this.bytes(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff)
  }
  private put(key: string): void {
    const i = this.memo.size
    this.memo.set(key, i)
    if (i < 256) this.bytes(OP.BINPUT, i)
    else {
      this.bytes(OP.LONG_BINPUT)
      this.u32(i)
    }
  }
  private get(key: string): boolean {
    const i = this.memo.get(key)
    if (i === undefined) return false
    if (i < 256) this.bytes(OP.BINGET, i)
    else {
      this.bytes(OP.LONG_BINGET)
      this.u32(i)
    }
    return true
  }
  global(module: string, name: string): this {
    const key = `g:${module}\n${name}`
    if (this.get(key)) return this
    this.bytes(OP.GLOBAL, ...this.enc.encode(`${module}\n${name}\n`))
    this.put(key)
    return this
  }
  string(s: string): this {
    const key = `s:${s}`
    if (this.get(key)) return this
    const raw = this.enc.encode(s)
    this.bytes(OP.BINUNICODE)
    this.u32(raw.length)
    this.bytes(...raw)
    this.put(key)
    return this
  }
  int(n: number): this {
    if (!Number.isSafeInteger(n)) throw new RangeError(`cannot pickle ${n} as an int`)
    if (n >= 0 && n < 256) this.bytes(OP.BININT1, n)
    else if (n >= 0 && n < 65536) this.bytes(OP.BININT2, n & 0xff, n >> 8)
    else if (n >= -0x80000000 && n < 0x80000000) {
      this.bytes(OP.BININT)
      this.u32(n >>> 0)
    } else {
      // LONG1: minimal little-endian two's complement, as pickle.encode_long writes it.
      let v = BigInt(n)
      const out: number[] = []
      for (;;) {
        out.push(Number(v & 0xffn))
        v >>= 8n
        const sign = out[out.length - 1]! & 0x80
        if ((v === 0n && !sign) || (v === -1n && sign)) break
      }
      this.bytes(OP.LONG1, out.length, ...out)
    }
    return this
  }
  bool(b: boolean): this {
    this.bytes(b ? OP.NEWTRUE : OP.NEWFALSE)
    return this
  }
  none(): this {
    this.bytes(OP.NONE)
    return this
  }
  mark(): this {
    this.bytes(OP.MARK)
    return this
  }
  /** Closes a tuple of `n` items pushed since the last mark (n <= 3 use the short forms and need no mark). */
  tuple(n: number | 'mark'): this {
    if (n === 'mark') this.bytes(OP.TUPLE)
    else this.bytes([OP.EMPTY_TUPLE, OP.TUPLE1, OP.TUPLE2, OP.TUPLE3][n]!)
    return this
  }
  ints(values: readonly number[]): this {
    if (values.length > 3) this.mark()
    for (const v of values) this.int(v)
    return this.tuple(values.length > 3 ? 'mark' : values.length)
  }
  reduce(): this {
    this.bytes(OP.REDUCE)
    return this
  }
  persistentId(): this {
    this.bytes(OP.BINPERSID)
    return this
  }
  emptyDict(): this {
    this.bytes(OP.EMPTY_DICT)
    return this
  }
  setItems(): this {
    this.bytes(OP.SETITEMS)
    return this
  }
  setItem(): this {
    this.bytes(OP.SETITEM)
    return this
  }
  build(): this {
    this.bytes(OP.BUILD)
    return this
  }
  finish(): Uint8Array {
    this.bytes(OP.STOP)
    return Uint8Array.from(this.chunks)
  }
}
