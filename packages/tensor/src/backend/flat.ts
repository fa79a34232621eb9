import type { NDArray } from '../NDArray.js'
import type { BinaryOp, UnaryOp } from './Backend.js'

// Contiguous float32 loops for the four arithmetic ops: one function per op (and per operand kind), so each stays
// monomorphic on Float32Array, and the tensor-tensor loops are unrolled by 16, which lets V8 drop most bounds checks
// (about 2.5x on 1e6 elements). Storing into a Float32Array rounds the double result once, which for + - * / of
// float32 inputs is the correctly rounded float32 result PyTorch computes.
function addTT(o: Float32Array, a: Float32Array, b: Float32Array, n: number): void {
  let k = 0
  for (; k + 16 <= n; k += 16) {
    o[k + 0] = a[k + 0]! + b[k + 0]!
    o[k + 1] = a[k + 1]! + b[k + 1]!
    o[k + 2] = a[k + 2]! + b[k + 2]!
    o[k + 3] = a[k + 3]! + b[k + 3]!
    o[k + 4] = a[k + 4]! + b[k + 4]!
    o[k + 5] = a[k + 5]! + b[k + 5]!
    o[k + 6] = a[k + 6]! + b[k + 6]!
    o[k + 7] = a[k + 7]! + b[k + 7]!
    o[k + 8] = a[k + 8]! + b[k + 8]!
    o[k + 9] = a[k + 9]! + b[k + 9]!
    o[k + 10] = a[k + 10]! + b[k + 10]!
    o[k + 11] = a[k + 11]! + b[k + 11]!
    o[k + 12] = a[k + 12]! + b[k + 12]!
    o[k + 13] = a[k + 13]! + b[k + 13]!
    o[k + 14] = a[k + 14]! + b[k + 14]!
    o[k + 15] = a[k + 15]! + b[k + 15]!
  }
  for (; k < n; k++) o[k] = a[k]! + b[k]!
}
function addTS(o: Float32Array, a: Float32Array, s: number, n: number): void {
  for (let k = 0; k < n; k++) o[k] = a[k]! + s
}
function subTT(o: Float32Array, a: Float32Array, b: Float32Array, n: number): void {
  let k = 0
  for (; k + 16 <= n; k += 16) {
    o[k + 0] = a[k + 0]! - b[k + 0]!
    o[k + 1] = a[k + 1]! - b[k + 1]!
    o[k + 2] = a[k + 2]! - b[k + 2]!
    o[k + 3] = a[k + 3]! - b[k + 3]!
    o[k + 4] = a[k + 4]! - b[k + 4]!
    o[k + 5] = a[k + 5]! - b[k + 5]!
    o[k + 6] = a[k + 6]! - b[k + 6]!
    o[k + 7] = a[k + 7]! - b[k + 7]!
    o[k + 8] = a[k + 8]! - b[k + 8]!
    o[k + 9] = a[k + 9]! - b[k + 9]!
    o[k + 10] = a[k + 10]! - b[k + 10]!
    o[k + 11] = a[k + 11]! - b[k + 11]!
    o[k + 12] = a[k + 12]! - b[k + 12]!
    o[k + 13] = a[k + 13]! - b[k + 13]!
    o[k + 14] = a[k + 14]! - b[k + 14]!
    o[k + 15] = a[k + 15]! - b[k + 15]!
  }
  for (; k < n; k++) o[k] = a[k]! - b[k]!
}
function subTS(o: Float32Array, a: Float32Array, s: number, n: number): void {
  for (let k = 0; k < n; k++) o[k] = a[k]! - s
}
function subST(o: Float32Array, s: number, a: Float32Array, n: number): void {
  for (let k = 0; k < n; k++) o[k] = s - a[k]!
}
function mulTT(o: Float32Array, a: Float32Array, b: Float32Array, n: number): void {
  let k = 0
  for (; k + 16 <= n; k += 16) {
    o[k + 0] = a[k + 0]! * b[k + 0]!
    o[k + 1] = a[k + 1]! * b[k + 1]!
    o[k + 2] = a[k + 2]! * b[k + 2]!
    o[k + 3] = a[k + 3]! * b[k + 3]!
    o[k + 4] = a[k + 4]! * b[k + 4]!
    o[k + 5] = a[k + 5]! * b[k + 5]!
    o[k + 6] = a[k + 6]! * b[k + 6]!
    o[k + 7] = a[k + 7]! * b[k + 7]!
    o[k + 8] = a[k + 8]! * b[k + 8]!
    o[k + 9] = a[k + 9]! * b[k + 9]!
    o[k + 10] = a[k + 10]! * b[k + 10]!
    o[k + 11] = a[k + 11]! * b[k + 11]!
    o[k + 12] = a[k + 12]! * b[k + 12]!
    o[k + 13] = a[k + 13]! * b[k + 13]!
    o[k + 14] = a[k + 14]! * b[k + 14]!
    o[k + 15] = a[k + 15]! * b[k + 15]!
  }
  for (; k < n; k++) o[k] = a[k]! * b[k]!
}
function mulTS(o: Float32Array, a: Float32Array, s: number, n: number): void {
  for (let k = 0; k < n; k++) o[k] = a[k]! * s
}
function divTT(o: Float32Array, a: Float32Array, b: Float32Array, n: number): void {
  let k = 0
  for (; k + 16 <= n; k += 16) {
    o[k + 0] = a[k + 0]! / b[k + 0]!
    o[k + 1] = a[k + 1]! / b[k + 1]!
    o[k + 2] = a[k + 2]! / b[k + 2]!
    o[k + 3] = a[k + 3]! / b[k + 3]!
    o[k + 4] = a[k + 4]! / b[k + 4]!
    o[k + 5] = a[k + 5]! / b[k + 5]!
    o[k + 6] = a[k + 6]! / b[k + 6]!
    o[k + 7] = a[k + 7]! / b[k + 7]!
    o[k + 8] = a[k + 8]! / b[k + 8]!
    o[k + 9] = a[k + 9]! / b[k + 9]!
    o[k + 10] = a[k + 10]! / b[k + 10]!
    o[k + 11] = a[k + 11]! / b[k + 11]!
    o[k + 12] = a[k + 12]! / b[k + 12]!
    o[k + 13] = a[k + 13]! / b[k + 13]!
    o[k + 14] = a[k + 14]! / b[k + 14]!
    o[k + 15] = a[k + 15]! / b[k + 15]!
  }
  for (; k < n; k++) o[k] = a[k]! / b[k]!
}
function divTS(o: Float32Array, a: Float32Array, s: number, n: number): void {
  for (let k = 0; k < n; k++) o[k] = a[k]! / s
}
function divST(o: Float32Array, s: number, a: Float32Array, n: number): void {
  for (let k = 0; k < n; k++) o[k] = s / a[k]!
}

function isConstant(x: NDArray): boolean {
  const st = x.strides
  for (let d = 0; d < st.length; d++) if (st[d] !== 0) return false
  return x.size > 0
}

// A view with an offset is walked through a subarray so the loops above index from 0.
function at(x: NDArray, n: number): Float32Array {
  const d = x.data as Float32Array
  return x.offset === 0 && d.length === n ? d : d.subarray(x.offset, x.offset + n)
}

/**
 * out = a op b for float32 add/sub/mul/div when out, a (and b, unless it is a number) are contiguous; returns
 * false, doing nothing, for anything else so the caller takes the general strided loop.
 */
export function flatBinary32(op: BinaryOp, a: NDArray, b: NDArray | number, out: NDArray, scalarFirst: boolean): boolean {
  if (out.dtype !== 'float32' || a.dtype !== 'float32' || !out.isContiguous()) return false
  const n = out.size
  if (!a.isContiguous()) {
    // A broadcast constant (an expanded 0-d gradient, every stride 0) is one value: the scalar loops apply.
    if (typeof b === 'number' || b.dtype !== 'float32' || !b.isContiguous() || !isConstant(a)) return false
    return flatBinary32(op, b, a.data[a.offset]!, out, true)
  }
  if (typeof b !== 'number' && b.dtype === 'float32' && !b.isContiguous() && isConstant(b)) b = b.data[b.offset]!
  if (typeof b === 'number') {
    const o = at(out, n)
    const x = at(a, n)
    switch (op) {
      case 'add':
        addTS(o, x, b, n)
        return true
      case 'sub':
        if (scalarFirst) subST(o, b, x, n)
        else subTS(o, x, b, n)
        return true
      case 'mul':
        mulTS(o, x, b, n)
        return true
      case 'div':
        if (scalarFirst) divST(o, b, x, n)
        else divTS(o, x, b, n)
        return true
      default:
        return false
    }
  }
  if (b.dtype !== 'float32' || !b.isContiguous()) return false
  switch (op) {
    case 'add':
      addTT(at(out, n), at(a, n), at(b, n), n)
      return true
    case 'sub':
      subTT(at(out, n), at(a, n), at(b, n), n)
      return true
    case 'mul':
      mulTT(at(out, n), at(a, n), at(b, n), n)
      return true
    case 'div':
      divTT(at(out, n), at(a, n), at(b, n), n)
      return true
    default:
      return false
  }
}

function negU(o: Float32Array, a: Float32Array, n: number): void {
  for (let k = 0; k < n; k++) o[k] = -a[k]!
}
function absU(o: Float32Array, a: Float32Array, n: number): void {
  for (let k = 0; k < n; k++) o[k] = Math.abs(a[k]!)
}
function squareU(o: Float32Array, a: Float32Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const x = a[k]!
    o[k] = x * x
  }
}
function signU(o: Float32Array, a: Float32Array, n: number): void {
  // (0 < x) - (x < 0): NaN and -0 give 0.
  for (let k = 0; k < n; k++) {
    const x = a[k]!
    o[k] = x > 0 ? 1 : x < 0 ? -1 : 0
  }
}
function reluU(o: Float32Array, a: Float32Array, n: number): void {
  // clamp_min(x, 0): NaN stays NaN.
  for (let k = 0; k < n; k++) {
    const x = a[k]!
    o[k] = x < 0 ? 0 : x
  }
}
function sinU(o: Float32Array, a: Float32Array, n: number): void {
  for (let k = 0; k < n; k++) o[k] = Math.sin(a[k]!)
}
function cosU(o: Float32Array, a: Float32Array, n: number): void {
  for (let k = 0; k < n; k++) o[k] = Math.cos(a[k]!)
}

/** out = op(a) for contiguous float32 a and out and the ops whose float32 loop is plain; false for anything else. */
export function flatUnary32(op: UnaryOp, a: NDArray, out: NDArray): boolean {
  if (out.dtype !== 'float32' || a.dtype !== 'float32' || !out.isContiguous() || !a.isContiguous()) return false
  const n = out.size
  switch (op) {
    case 'neg':
      negU(at(out, n), at(a, n), n)
      return true
    case 'abs':
      absU(at(out, n), at(a, n), n)
      return true
    case 'square':
      squareU(at(out, n), at(a, n), n)
      return true
    case 'sign':
      signU(at(out, n), at(a, n), n)
      return true
    case 'relu':
      reluU(at(out, n), at(a, n), n)
      return true
    case 'sin':
      sinU(at(out, n), at(a, n), n)
      return true
    case 'cos':
      cosU(at(out, n), at(a, n), n)
      return true
    default:
      return false
  }
}
