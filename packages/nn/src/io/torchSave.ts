import { type DType, NDArray, RuntimeError } from '@descent/tensor'
import { type StoredName, STORED, contiguousValues, decodeStorage, encodeArray } from './bytes.js'
import { UnpicklingError } from './errors.js'
import { PyDict, PyGlobal, PyObject, PyTuple, type PyValue, Pickler, unpickle } from './pickle.js'
import { type StateDictLike, defineEntry, toNDArray } from './tensorLike.js'
import { type ZipEntry, readZip, writeZip } from './zip.js'

const STORAGE_TYPES: Record<string, StoredName> = {
  FloatStorage: 'float32',
  DoubleStorage: 'float64',
  LongStorage: 'int64',
  BoolStorage: 'bool',
  IntStorage: 'int32',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
}
const STORAGE_FOR: Record<DType, string> = {
  float32: 'FloatStorage',
  float64: 'DoubleStorage',
  int64: 'LongStorage',
  bool: 'BoolStorage',
}

// torch.load's own prefix for everything its weights-only unpickler refuses.
const UNSAFE_MESSAGE =
  'Weights only load failed. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it can result in arbitrary code execution.Do it only if you get the file from a trusted source. WeightsUnpickler error: '

interface Storage {
  type: StoredName
  data: ReturnType<typeof decodeStorage>
}

const isIndex = (v: PyValue): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

function intTuple(v: PyValue, what: string): number[] {
  const items = v instanceof PyTuple ? v.items : null
  if (items === null || !items.every(isIndex)) throw new UnpicklingError(`${what} must be a tuple of non-negative ints`)
  return items as number[]
}

/** Rebuilds a tensor as a view of its storage after checking that every element it can reach lies inside it. */
function rebuildTensor(storageValue: PyValue, offsetValue: PyValue, sizeValue: PyValue, strideValue: PyValue): PyObject<NDArray> {
  if (!(storageValue instanceof PyObject) || storageValue.kind !== 'storage') {
    throw new UnpicklingError('_rebuild_tensor expects a storage')
  }
  const storage = storageValue.value as Storage
  if (!isIndex(offsetValue)) throw new UnpicklingError('storage offset must be a non-negative int')
  const shape = intTuple(sizeValue, 'size')
  const strides = intTuple(strideValue, 'stride')
  if (shape.length !== strides.length) throw new UnpicklingError(`size ${shape.length}-d and stride ${strides.length}-d differ`)
  let size = 1
  for (const d of shape) size *= d
  if (size > 0) {
    let last = offsetValue
    for (let i = 0; i < shape.length; i++) last += (shape[i]! - 1) * strides[i]!
    if (last >= storage.data.length) {
      throw new UnpicklingError(
        `tensor of size [${shape.join(', ')}] and stride [${strides.join(', ')}] at offset ${offsetValue} reaches past its storage of ${storage.data.length} elements`,
      )
    }
  }
  return new PyObject('torch.Tensor', new NDArray(storage.data, shape, STORED[storage.type].dtype, strides, offsetValue))
}

/** Reads the pickled object of a torch.save archive, resolving storages from its `data/` records. */
function readArchive(bytes: Uint8Array): PyValue {
  if (bytes.length >= 2 && bytes[0] === 0x80 && bytes[1] === 0x02) {
    throw new RuntimeError(
      'descent reads the zip format torch.save writes since PyTorch 1.6, not the legacy format; re-save the file with torch.save(obj, path, _use_new_zipfile_serialization=True)',
    )
  }
  const entries = readZip(bytes)
  const records = new Map<string, Uint8Array>()
  // PyTorch names the top directory after the file; every record must live under that one directory.
  const prefix = entries[0]?.name.split('/')[0] ?? ''
  for (const { name, data } of entries) {
    const slash = name.indexOf('/')
    if (slash < 0 || name.slice(0, slash) !== prefix) {
      throw new RuntimeError(`PytorchStreamReader failed locating file ${name}: file not found under ${prefix}/`)
    }
    records.set(name.slice(slash + 1), data)
  }
  if (records.has('constants.pkl')) throw new RuntimeError('this is a TorchScript archive (torch.jit.save), not a torch.save file')
  const pkl = records.get('data.pkl')
  if (pkl === undefined) throw new RuntimeError('PytorchStreamReader failed locating file data.pkl: file not found')
  const version = records.get('version')
  if (version !== undefined) {
    const text = new TextDecoder().decode(version).trim()
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 10) {
      throw new RuntimeError(`PytorchStreamReader failed reading file version: unsupported version ${JSON.stringify(text)}`)
    }
  }
  const byteorder = records.get('byteorder')
  if (byteorder !== undefined && new TextDecoder().decode(byteorder) !== 'little') {
    throw new RuntimeError('descent reads little-endian archives only')
  }

  const storages = new Map<string, Storage>()
  const persistentLoad = (pid: PyTuple): PyValue => {
    const [, type, key, location, numel] = pid.items
    if (pid.items.length !== 5) throw new UnpicklingError('a storage persistent id has 5 fields')
    if (!(type instanceof PyGlobal)) throw new UnpicklingError('storage type must be a storage class')
    const name = type.path.replace(/^torch\.(cuda\.)?/, '')
    const stored = Object.hasOwn(STORAGE_TYPES, name) ? STORAGE_TYPES[name] : undefined
    if (stored === undefined) throw new UnpicklingError(`descent cannot load storages of type ${type.path}`)
    if (typeof key !== 'string' || typeof location !== 'string') throw new UnpicklingError('storage key and location must be strings')
    if (!isIndex(numel)) throw new UnpicklingError('storage size must be a non-negative int')
    const seen = storages.get(key)
    if (seen !== undefined) {
      if (seen.type !== stored || seen.data.length !== numel) throw new UnpicklingError(`storage ${key} is described two different ways`)
      return new PyObject('storage', seen)
    }
    const record = records.get(`data/${key}`)
    if (record === undefined) throw new RuntimeError(`PytorchStreamReader failed locating file data/${key}: file not found`)
    const nbytes = numel * STORED[stored].itemsize
    if (record.length !== nbytes) {
      throw new RuntimeError(`storage data/${key} holds ${record.length} bytes but ${numel} elements of ${name} need ${nbytes}`)
    }
    const storage = { type: stored, data: decodeStorage(record, stored, numel) }
    storages.set(key, storage)
    return new PyObject('storage', storage)
  }
  const call = (fn: PyGlobal, args: PyValue[]): PyValue => {
    switch (fn.path) {
      case 'collections.OrderedDict': {
        const d = new PyDict(true)
        if (args.length === 0) return d
        throw new UnpicklingError('OrderedDict(...) with arguments is not supported')
      }
      case 'torch._utils._rebuild_tensor_v2':
        // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
        if (args.length !== 6 && args.length !== 7) throw new UnpicklingError(`_rebuild_tensor_v2 takes 6 arguments, got ${args.length}`)
        if (typeof args[4] !== 'boolean') throw new UnpicklingError('requires_grad must be a bool')
        return rebuildTensor(args[0]!, args[1]!, args[2]!, args[3]!)
      case 'torch._utils._rebuild_tensor':
        if (args.length !== 4) throw new UnpicklingError(`_rebuild_tensor takes 4 arguments, got ${args.length}`)
        return rebuildTensor(args[0]!, args[1]!, args[2]!, args[3]!)
      case 'torch._utils._rebuild_parameter':
      case 'torch.nn.parameter.Parameter': {
        const data = args[0]
        if (!(data instanceof PyObject) || data.kind !== 'torch.Tensor') throw new UnpicklingError('Parameter data must be a tensor')
        return new PyObject('torch.nn.parameter.Parameter', data.value)
      }
      case 'torch.Size':
        if (args.length !== 1 || !(args[0] instanceof PyTuple)) throw new UnpicklingError('torch.Size takes one tuple')
        return args[0]
      default:
        throw new UnpicklingError(`descent does not rebuild ${fn.path}`)
    }
  }
  try {
    return unpickle(pkl, { persistentLoad, call })
  } catch (e) {
    if (e instanceof UnpicklingError) throw new UnpicklingError(UNSAFE_MESSAGE + e.message)
    throw e
  }
}

/**
 * Loads a state dict that `torch.save(model.state_dict(), path)` wrote, as PyTorch 1.13's
 * `torch.load(path, weights_only=True)` would: only the opcodes and globals a state dict needs, everything
 * validated against the buffer first. Tensors sharing a storage come back as views of one array.
 * @see https://pytorch.org/docs/1.13/generated/torch.load.html
 * @example
 * const sd = load(new Uint8Array(readFileSync('model.pth')))
 * model.loadStateDict(sd)
 */
export function load(bytes: Uint8Array): Record<string, NDArray> {
  const root = readArchive(bytes)
  if (!(root instanceof PyDict)) throw new UnpicklingError(`expected a state dict (a dict of tensors), got ${root === null ? 'None' : typeof root}`)
  const out: Record<string, NDArray> = {}
  for (const [key, value] of root.map) {
    if (typeof key !== 'string') throw new UnpicklingError(`state dict keys must be strings, got ${String(key)}`)
    if (!(value instanceof PyObject) || !(value.value instanceof NDArray)) {
      throw new UnpicklingError(`state dict entry ${key} is not a tensor`)
    }
    defineEntry(out, key, value.value)
  }
  return out
}

/**
 * Writes a state dict (name -> tensor or NDArray) in the zip format of PyTorch 1.13's `torch.save`, so that
 * `torch.load(path, weights_only=True)` reads it back. Arrays that share storage are saved once, as PyTorch does.
 * @see https://pytorch.org/docs/1.13/generated/torch.save.html
 * @example
 * writeFileSync('model.pth', save(model.stateDict()))
 * // python: torch.load('model.pth', weights_only=True)
 */
export function save(stateDict: StateDictLike, { archiveName = 'archive' } = {}): Uint8Array {
  const p = new Pickler()
  p.global('collections', 'OrderedDict').tuple(0).reduce().mark()
  const storageKeys = new Map<unknown, Map<DType, string>>()
  const files: ZipEntry[] = []
  for (const [name, value] of Object.entries(stateDict)) {
    let a = toNDArray(value, name)
    // PyTorch has no negative strides; such a view is saved as its own contiguous copy.
    if (a.strides.some((s) => s < 0)) a = new NDArray(contiguousValues(a) as NDArray['data'], a.shape, a.dtype)
    let byDtype = storageKeys.get(a.data)
    if (byDtype === undefined) storageKeys.set(a.data, (byDtype = new Map()))
    let key = byDtype.get(a.dtype)
    if (key === undefined) {
      key = String(files.length)
      byDtype.set(a.dtype, key)
      files.push({ name: `${archiveName}/data/${key}`, data: encodeArray(new NDArray(a.data, [a.data.length], a.dtype)) })
    }
    p.string(name).global('torch._utils', '_rebuild_tensor_v2').mark()
    p.mark().string('storage').global('torch', STORAGE_FOR[a.dtype]).string(key).string('cpu').int(a.data.length).tuple('mark')
    p.persistentId().int(a.offset).ints(a.shape).ints(a.strides).bool(false)
    p.global('collections', 'OrderedDict').tuple(0).reduce().tuple('mark').reduce()
  }
  p.setItems()
  const pkl = p.finish()
  return writeZip([
    { name: `${archiveName}/data.pkl`, data: pkl },
    ...files,
    { name: `${archiveName}/version`, data: new TextEncoder().encode('3\n') },
  ])
}
