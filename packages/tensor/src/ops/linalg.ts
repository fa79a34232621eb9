import { NDArray, shapeSize } from '../NDArray.js'
import { backend } from '../backend/index.js'
import type { MatmulPath } from '../backend/index.js'
import { RuntimeError } from '../errors.js'
import { broadcastShapes } from '../shape.js'
import { expand, reshape } from '../views.js'
import { alloc, torchName } from './util.js'

function checkDTypes(a: NDArray, b: NDArray): void {
  if (a.dtype === 'bool' || b.dtype === 'bool') throw new RuntimeError(`"dot" not implemented for 'Bool'`)
  if (a.dtype !== b.dtype) {
    throw new RuntimeError(`expected scalar type ${torchName(a.dtype)} but found ${torchName(b.dtype)}`)
  }
}

/** [n, k] @ [k, m] through the backend's batched kernel, summed the way torch's `path` sums float32. */
function mm(a: NDArray, b: NDArray, path: MatmulPath = 'mm'): NDArray {
  const n = a.shape[0]!
  const m = b.shape[1]!
  const out = alloc([n, m], a.dtype)
  backend.matmul(as3d(a), as3d(b), new NDArray(out.data, [1, n, m], a.dtype), path)
  return out
}

function as3d(a: NDArray): NDArray {
  return new NDArray(a.data, [1, ...a.shape], a.dtype, [0, ...a.strides], a.offset)
}

function mmChecked(a: NDArray, b: NDArray): NDArray {
  if (a.shape[1] !== b.shape[0]) {
    throw new RuntimeError(
      `mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`,
    )
  }
  return mm(a, b)
}

function mv(a: NDArray, v: NDArray): NDArray {
  const [n, k] = a.shape as [number, number]
  if (v.shape[0] !== k) throw new RuntimeError(`size mismatch, got ${n}, ${n}x${k},${v.shape[0]}`)
  const col = new NDArray(v.data, [k, 1], v.dtype, [v.strides[0]!, 1], v.offset)
  const out = mm(a, col, 'mv')
  return new NDArray(out.data, [n], out.dtype)
}

/**
 * The inner product of two 1-D arrays of one dtype.
 * @see https://pytorch.org/docs/1.13/generated/torch.dot.html
 * @example
 * dot(array([1, 2]), array([3, 4])) // tensor(11.)
 * dot(a, b) // throws unless both are 1-D of equal length
 */
export function dot(a: NDArray, b: NDArray): NDArray {
  if (a.shape.length !== 1 || b.shape.length !== 1) {
    throw new RuntimeError(`1D tensors expected, but got ${a.shape.length}D and ${b.shape.length}D tensors`)
  }
  if (a.dtype !== b.dtype) {
    throw new RuntimeError(
      `dot : expected both vectors to have same dtype, but found ${torchName(a.dtype)} and ${torchName(b.dtype)}`,
    )
  }
  if (a.dtype === 'bool') throw new RuntimeError(`"dot" not implemented for 'Bool'`)
  if (a.shape[0] !== b.shape[0]) {
    throw new RuntimeError(
      `inconsistent tensor size, expected tensor [${a.shape[0]}] and src [${b.shape[0]}] to have the same number of elements, but got ${a.shape[0]} and ${b.shape[0]} elements respectively`,
    )
  }
  const row = new NDArray(a.data, [1, a.shape[0]!], a.dtype, [0, a.strides[0]!], a.offset)
  const col = new NDArray(b.data, [b.shape[0]!, 1], b.dtype, [b.strides[0]!, 1], b.offset)
  const out = mm(row, col, 'dot')
  return new NDArray(out.data, [], out.dtype)
}

/**
 * input + mat1 @ mat2 for 2-D mat1 [n, k] and mat2 [k, m], with input broadcast to [n, m] (beta = alpha = 1): the
 * op F.linear uses for a 2-D input with bias. Not the same float32 values as matmul then add once K is long enough
 * for BLAS to split it into blocks, since the bias joins before the first block.
 * @see https://pytorch.org/docs/1.13/generated/torch.addmm.html
 * @example
 * addmm(bias, x, t(weight)) // x @ weight.T + bias, as torch.nn.functional.linear computes it
 * addmm(zeros([2, 2]), eye(2), eye(2)) // tensor([[1., 0.], [0., 1.]])
 */
export function addmm(input: NDArray, mat1: NDArray, mat2: NDArray): NDArray {
  if (mat1.shape.length !== 2) throw new RuntimeError(`mat1 must be a matrix, got ${mat1.shape.length}-D tensor`)
  if (mat2.shape.length !== 2) throw new RuntimeError(`mat2 must be a matrix, got ${mat2.shape.length}-D tensor`)
  if (input.dtype !== mat2.dtype || mat1.dtype !== mat2.dtype) {
    throw new RuntimeError('self and mat2 must have the same dtype')
  }
  if (mat1.shape[1] !== mat2.shape[0]) {
    throw new RuntimeError(
      `mat1 and mat2 shapes cannot be multiplied (${mat1.shape[0]}x${mat1.shape[1]} and ${mat2.shape[0]}x${mat2.shape[1]})`,
    )
  }
  const n = mat1.shape[0]!
  const m = mat2.shape[1]!
  const out = alloc([n, m], mat1.dtype)
  backend.copy(expand(input, [n, m]), out)
  backend.matmul(as3d(mat1), as3d(mat2), new NDArray(out.data, [1, n, m], out.dtype), 'addmm')
  return out
}

/**
 * Matrix product with torch.matmul's rules: 1-D·1-D is a dot product, a 1-D operand gains (then loses) a dim,
 * and dims before the last two broadcast as batch dims.
 * @see https://pytorch.org/docs/1.13/generated/torch.matmul.html
 * @example
 * matmul(zeros([2, 3]), zeros([3, 4])).shape    // [2, 4]
 * matmul(zeros([5, 2, 3]), zeros([3])).shape    // [5, 2]
 */
export function matmul(a: NDArray, b: NDArray): NDArray {
  const da = a.shape.length
  const db = b.shape.length
  if (da === 0 || db === 0) {
    throw new RuntimeError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`)
  }
  if (da === 1 && db === 1) return dot(a, b)
  checkDTypes(a, b)
  if (da === 2 && db === 1) return mv(a, b)
  if (da === 1 && db === 2) {
    const row = new NDArray(a.data, [1, a.shape[0]!], a.dtype, [0, a.strides[0]!], a.offset)
    const out = mmChecked(row, b)
    return new NDArray(out.data, [b.shape[1]!], out.dtype)
  }
  if (da === 2 && db === 2) return mmChecked(a, b)
  if (da >= 3 && db <= 2) {
    // Fold the batch dims into the rows, as PyTorch does.
    const k = a.shape[da - 1]!
    const lead = a.shape.slice(0, -1)
    const rows = shapeSize(lead)
    const flat = reshape(a, [rows, k])
    if (db === 1) return reshape(mv(flat, b), lead)
    return reshape(mmChecked(flat, b), [...lead, b.shape[1]!])
  }
  if (da === 1 && db >= 3) {
    const k = b.shape[db - 2]!
    const m = b.shape[db - 1]!
    const batch = shapeSize(b.shape.slice(0, -2))
    if (a.shape[0] !== k) throw new RuntimeError(`size mismatch, got ${batch * m}, ${batch * m}x${k},${a.shape[0]}`)
  }
  // Batched: broadcast the batch dims, then one kernel call over [B, n, k] @ [B, k, m].
  const A = da === 1 ? new NDArray(a.data, [1, a.shape[0]!], a.dtype, [0, a.strides[0]!], a.offset) : a
  const B = db === 1 ? new NDArray(b.data, [b.shape[0]!, 1], b.dtype, [b.strides[0]!, 0], b.offset) : b
  const n = A.shape[A.shape.length - 2]!
  const k = A.shape[A.shape.length - 1]!
  const k2 = B.shape[B.shape.length - 2]!
  const m = B.shape[B.shape.length - 1]!
  const batch = broadcastShapes(A.shape.slice(0, -2), B.shape.slice(0, -2))
  const count = shapeSize(batch)
  if (k !== k2) {
    throw new RuntimeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${count}, ${k}] but got: [${count}, ${k2}].`,
    )
  }
  const A3 = reshape(expand(A, [...batch, n, k]), [count, n, k])
  const B3 = reshape(expand(B, [...batch, k, m]), [count, k, m])
  const out = alloc([count, n, m], a.dtype)
  // torch 1.13 folds a 1-D or 2-D left operand against a batched right one into one mv or mm (on the transposes),
  // so those sum like mv and mm; only batched @ batched goes to bmm.
  backend.matmul(A3, B3, out, da >= 3 ? 'bmm' : da === 2 ? 'mm' : 'mv')
  const shape = [...batch]
  if (da > 1) shape.push(n)
  if (db > 1) shape.push(m)
  return new NDArray(out.data, shape, out.dtype)
}
