import { IndexError, RuntimeError } from './errors.js'

/** Wraps a possibly negative dim into [0, ndim), with PyTorch's IndexError (a 0-d tensor accepts -1 and 0). */
export function normalizeDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1)
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new IndexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`)
  }
  return dim < 0 ? dim + n : dim
}

function allDims(ndim: number): number[] {
  const out = new Array<number>(ndim)
  for (let i = 0; i < ndim; i++) out[i] = i
  return out
}

/** Normalizes a dim list for a reduction, sorted; `undefined` means every dim. */
export function normalizeDims(dim: number | readonly number[] | undefined, ndim: number): number[] {
  if (dim === undefined) return allDims(ndim)
  const list = typeof dim === 'number' ? [dim] : dim
  // PyTorch reads an empty dim list as "reduce everything".
  if (list.length === 0) return allDims(ndim)
  const seen = new Array<boolean>(Math.max(ndim, 1)).fill(false)
  const out: number[] = []
  for (const d of list) {
    const n = normalizeDim(d, ndim)
    if (seen[n]) throw new RuntimeError(`dim ${n} appears multiple times in the list of dims`)
    seen[n] = true
    if (n < ndim) out.push(n)
  }
  return out.sort((a, b) => a - b)
}

export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/** Checks a shape argument: integers, none negative. */
export function checkShape(shape: readonly number[]): void {
  for (const s of shape) {
    if (!Number.isInteger(s)) throw new RuntimeError(`shape ${shapeString(shape)} must contain integers, got ${s}`)
    if (s < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${s}: ${shapeString(shape)}`)
  }
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * The shape `a op b` broadcasts to, with PyTorch's error naming the sizes of tensors a and b.
 * @see https://pytorch.org/docs/1.13/notes/broadcasting.html
 * @example
 * broadcastShapes([3, 1], [4]) // [3, 4]
 * broadcastShapes([2], [3])    // throws RuntimeError
 */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  if (shapes.length === 0) return []
  let out: readonly number[] = shapes[0]!
  for (let k = 1; k < shapes.length; k++) out = broadcastPair(out, shapes[k]!)
  return out.slice()
}

function broadcastPair(a: readonly number[], b: readonly number[]): readonly number[] {
  if (sameShape(a, b)) return a
  const n = Math.max(a.length, b.length)
  const out = new Array<number>(n)
  // PyTorch's infer_size walks from the last dim, so it reports the last mismatch.
  for (let i = n - 1; i >= 0; i--) {
    const da = a[a.length - n + i] ?? 1
    const db = b[b.length - n + i] ?? 1
    if (da !== db && da !== 1 && db !== 1) {
      throw new RuntimeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      )
    }
    out[i] = da === 1 ? db : da
  }
  return out
}
