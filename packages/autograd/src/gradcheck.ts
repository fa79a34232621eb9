// Finite-difference checks of backward rules, after torch.autograd.gradcheck / gradgradcheck (slow mode).
import * as K from '@descent/tensor'
import { grad } from './engine.js'
import { Tensor } from './Tensor.js'

/** Tolerances and behavior of gradcheck; PyTorch's defaults. */
export interface GradcheckOptions {
  /** Perturbation for central differences. */
  eps?: number
  atol?: number
  rtol?: number
  /** Throw a GradcheckError on failure (default) rather than return false. */
  raiseException?: boolean
}

/**
 * The error gradcheck raises, a RuntimeError as in PyTorch.
 * https://pytorch.org/docs/1.13/generated/torch.autograd.gradcheck.html
 * @example
 * try { gradcheck(f, [x]) } catch (e) { if (e instanceof GradcheckError) console.log(e.message) }
 */
export class GradcheckError extends K.RuntimeError {
  override name = 'GradcheckError'
}

type Fn = (...inputs: Tensor[]) => Tensor | readonly Tensor[]

function outputsOf(fn: Fn, inputs: readonly Tensor[]): Tensor[] {
  const out = fn(...inputs)
  return out instanceof Tensor ? [out] : [...out]
}

/** The storage position of each element of `a`, in row-major logical order. */
function storageIndices(a: K.NDArray): number[] {
  const n = a.size
  const out = new Array<number>(n)
  const idx = new Array<number>(a.shape.length).fill(0)
  for (let j = 0; j < n; j++) {
    let p = a.offset
    for (let d = 0; d < idx.length; d++) p += idx[d]! * a.strides[d]!
    out[j] = p
    for (let d = idx.length - 1; d >= 0; d--) {
      if (++idx[d]! < a.shape[d]!) break
      idx[d] = 0
    }
  }
  return out
}

function multiIndex(shape: readonly number[], j: number): number[] {
  const idx = new Array<number>(shape.length)
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = j % shape[d]!
    j = Math.floor(j / shape[d]!)
  }
  return idx
}

function values(t: Tensor): Float64Array {
  return Float64Array.from(K.toTypedArray(t.array) as ArrayLike<number>)
}

/**
 * Checks the analytical gradients of `fn` against central finite differences, input by input and element by
 * element; inputs should be float64 (PyTorch warns otherwise).
 * https://pytorch.org/docs/1.13/generated/torch.autograd.gradcheck.html
 * @example
 * const x = randn([3], { dtype: 'float64', requiresGrad: true })
 * gradcheck((t) => t.tanh(), [x]) // true, or a GradcheckError naming the input and element
 */
export function gradcheck(fn: Fn, inputs: Tensor | readonly Tensor[], options: GradcheckOptions = {}): boolean {
  const ins = inputs instanceof Tensor ? [inputs] : [...inputs]
  const eps = options.eps ?? 1e-6
  const atol = options.atol ?? 1e-5
  const rtol = options.rtol ?? 1e-3
  const raise = options.raiseException ?? true
  const diff = ins.map((t, i) => [t, i] as const).filter(([t]) => t.requiresGrad)
  if (diff.length === 0) {
    throw new K.ValueError(
      'gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.',
    )
  }
  for (const [t, i] of diff) {
    if (t.dtype !== 'float64') {
      K.warn(
        `Input #${i} requires gradient and is not a double precision floating point or complex. This check will likely fail if all the inputs are not of double precision floating point or complex. `,
      )
    }
  }
  const outputs = outputsOf(fn, ins)
  const outSizes = outputs.map((o) => o.numel())

  // numerical[o][i][j * outSize + k]: d out_o[k] / d in_i[j]
  const numerical = outputs.map((_, o) => diff.map(([t]) => new Float64Array(t.numel() * outSizes[o]!)))
  for (let d = 0; d < diff.length; d++) {
    const x = diff[d]![0]
    const data = x.array.data
    const positions = storageIndices(x.array)
    for (let j = 0; j < positions.length; j++) {
      const p = positions[j]!
      const orig = data[p]!
      data[p] = orig - eps
      const lo = outputsOf(fn, ins).map(values)
      data[p] = orig + eps
      const hi = outputsOf(fn, ins).map(values)
      data[p] = orig
      for (let o = 0; o < outputs.length; o++) {
        const m = outSizes[o]!
        const col = numerical[o]![d]!
        for (let k = 0; k < m; k++) col[j * m + k] = (hi[o]![k]! - lo[o]![k]!) / (2 * eps)
      }
    }
  }

  const analytical = outputs.map((_, o) => diff.map(([t]) => new Float64Array(t.numel() * outSizes[o]!)))
  const diffInputs = diff.map(([t]) => t)
  for (let o = 0; o < outputs.length; o++) {
    const out = outputs[o]!
    if (!out.requiresGrad) continue
    const m = outSizes[o]!
    for (let k = 0; k < m; k++) {
      const onehot = K.zeros([m], { dtype: out.dtype })
      onehot.data[k] = 1
      const seed = new Tensor(K.reshape(onehot, out.shape as number[]))
      const grads = grad([out], diffInputs, { gradOutputs: [seed], retainGraph: true, allowUnused: true })
      for (let d = 0; d < diff.length; d++) {
        const g = grads[d]
        if (g === null || g === undefined) continue
        const gv = values(g)
        const row = analytical[o]![d]!
        for (let j = 0; j < gv.length; j++) row[j * m + k] = gv[j]!
      }
    }
  }

  for (let o = 0; o < outputs.length; o++) {
    for (let d = 0; d < diff.length; d++) {
      const [x, i] = diff[d]!
      const num = numerical[o]![d]!
      const ana = analytical[o]![d]!
      for (let q = 0; q < num.length; q++) {
        const a = ana[q]!
        const n = num[q]!
        if (Math.abs(a - n) <= atol + rtol * Math.abs(n)) continue
        if (!raise) return false
        const m = outSizes[o]!
        const j = Math.floor(q / m)
        const k = q % m
        const shape = [x.numel(), m]
        const show = (v: Float64Array) => K.format(K.reshape(K.array(v, { dtype: x.dtype }), shape))
        throw new GradcheckError(
          `Jacobian mismatch for output ${o} with respect to input ${i},\n` +
            `numerical:${show(num)}\nanalytical:${show(ana)}\n` +
            `first mismatch: input ${i} element [${multiIndex(x.shape, j).join(', ')}], output ${o} element ` +
            `[${multiIndex(outputs[o]!.shape, k).join(', ')}]: numerical ${n}, analytical ${a}\n`,
        )
      }
    }
  }
  return true
}

// A fixed xorshift stream, so gradgradcheck's random grad_outputs are the same on every run.
function randomValues(n: number, seed: number): Float64Array {
  let s = seed >>> 0 || 1
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    out[i] = ((s >>> 0) / 4294967296) * 2 - 1
  }
  return out
}

/**
 * Checks second derivatives: gradcheck of the map (inputs, gradOutputs) -> grad(fn(inputs), inputs, gradOutputs)
 * built with `createGraph`.
 * https://pytorch.org/docs/1.13/generated/torch.autograd.gradgradcheck.html
 * @example
 * const x = randn([3], { dtype: 'float64', requiresGrad: true })
 * gradgradcheck((t) => t.pow(3), [x])
 */
export function gradgradcheck(
  fn: Fn,
  inputs: Tensor | readonly Tensor[],
  gradOutputs?: readonly Tensor[] | null,
  options: GradcheckOptions = {},
): boolean {
  const ins = inputs instanceof Tensor ? [inputs] : [...inputs]
  let gos: Tensor[]
  if (gradOutputs === undefined || gradOutputs === null) {
    gos = outputsOf(fn, ins).map((o, s) => {
      const v = K.reshape(K.array(randomValues(o.numel(), 12345 + s), { dtype: o.dtype }), o.shape as number[])
      const t = new Tensor(v)
      if (o.dtype === 'float32' || o.dtype === 'float64') t._requiresGrad = true
      return t
    })
  } else {
    gos = [...gradOutputs]
  }
  const n = ins.length
  const diffPositions = ins.map((t, i) => (t.requiresGrad ? i : -1)).filter((i) => i >= 0)
  const secondOrder: Fn = (...all) => {
    const xs = all.slice(0, n)
    const outs = outputsOf(fn, xs)
    const pairs = outs.map((o, i) => [o, all[n + i]!] as const).filter(([o]) => o.requiresGrad)
    if (pairs.length === 0) return []
    const grads = grad(
      pairs.map(([o]) => o),
      diffPositions.map((i) => xs[i]!),
      { gradOutputs: pairs.map(([, g]) => g), createGraph: true, allowUnused: true },
    )
    return grads.filter((g): g is Tensor => g !== null)
  }
  return gradcheck(secondOrder, [...ins, ...gos], options)
}
