import type { Tensor } from '@descent/autograd'
import { NDArray, PyTorchTypeError, type RandomState, ValueError } from '@descent/tensor'
import { checkRandomState } from './internal/numpyGlobal.js'
import { type Rowed, isTensor, rowCount, takeRowsOf } from './internal/tensors.js'

/** What `trainTestSplit` splits along the first dimension: JS arrays (rows are elements), NDArrays and Tensors. */
export type Splittable = readonly unknown[] | NDArray | Tensor

export interface TrainTestSplitOptions {
  /** An int counts test rows; a fraction in (0, 1) is rounded up. Default 0.25 when trainSize is also unset. */
  testSize?: number | null
  /** An int counts train rows; a fraction in (0, 1) is rounded down. Default: the rows the test set leaves. */
  trainSize?: number | null
  /** A seed for NumPy's RandomState, or a RandomState to draw from; unset draws from a process-wide RandomState. */
  randomState?: number | RandomState | null
  /** Shuffle before splitting (default true); false takes the first rows for train and the next for test. */
  shuffle?: boolean
}

type Pairs<A extends readonly unknown[]> = A extends readonly [infer H, ...infer R] ? [H, H, ...Pairs<R>] : []
type Out<A> = A extends readonly unknown[] ? A[number][] : A

// Python's str() of a float: exponent form below 1e-4 and from 1e16, with at least two exponent digits.
function pyFloat(x: number): string {
  const ax = Math.abs(x)
  if (Number.isNaN(x)) return 'nan'
  if (ax !== 0 && (ax < 1e-4 || ax >= 1e16) && Number.isFinite(x)) {
    const [m, e] = x.toExponential().split('e') as [string, string]
    const sign = e[0] === '-' ? '-' : '+'
    return `${m}e${sign}${e.replace(/^[+-]/, '').padStart(2, '0')}`
  }
  return String(x)
}
const pyRepr = (x: number | null | undefined) => (x === null || x === undefined ? 'None' : pyFloat(x))

type Kind = 'i' | 'f' | null

/** np.asarray(size).dtype.kind: JS has one number type, so integer values count as Python ints. */
function kindOf(size: unknown, name: string): Kind {
  if (size === null || size === undefined) return null
  if (typeof size !== 'number') throw new ValueError(`Invalid value for ${name}: ${String(size)}`)
  return Number.isInteger(size) ? 'i' : 'f'
}

/** sklearn 1.2's `_validate_shuffle_split`: the train and test counts, with its checks and messages. */
export function validateShuffleSplit(
  nSamples: number,
  testSize: number | null | undefined,
  trainSize: number | null | undefined,
  defaultTestSize?: number,
): [nTrain: number, nTest: number] {
  if ((testSize === null || testSize === undefined) && (trainSize === null || trainSize === undefined)) {
    testSize = defaultTestSize
  }
  const testKind = kindOf(testSize, 'test_size')
  const trainKind = kindOf(trainSize, 'train_size')
  for (const [name, size, kind] of [
    ['test_size', testSize, testKind],
    ['train_size', trainSize, trainKind],
  ] as const) {
    if ((kind === 'i' && (size! >= nSamples || size! <= 0)) || (kind === 'f' && (size! <= 0 || size! >= 1))) {
      throw new ValueError(
        `${name}=${pyRepr(size)} should be either positive and smaller than the number of samples ${nSamples} or a float in the (0, 1) range`,
      )
    }
  }
  if (trainKind === 'f' && testKind === 'f' && trainSize! + testSize! > 1) {
    throw new ValueError(
      `The sum of test_size and train_size = ${pyFloat(trainSize! + testSize!)}, should be in the (0, 1) range. Reduce test_size and/or train_size.`,
    )
  }
  let nTest = testKind === 'f' ? Math.ceil(testSize! * nSamples) : testKind === 'i' ? testSize! : Number.NaN
  let nTrain = trainKind === 'f' ? Math.floor(trainSize! * nSamples) : trainKind === 'i' ? trainSize! : Number.NaN
  if (trainKind === null) nTrain = nSamples - nTest
  else if (testKind === null) nTest = nSamples - nTrain
  // A NaN size passes the range checks in NumPy too, and fails here as int() of NaN.
  if (Number.isNaN(nTrain) || Number.isNaN(nTest)) throw new ValueError('cannot convert float NaN to integer')
  if (nTrain + nTest > nSamples) {
    throw new ValueError(
      `The sum of train_size and test_size = ${Math.trunc(nTrain + nTest)}, should be smaller than the number of samples ${nSamples}. Reduce test_size and/or train_size.`,
    )
  }
  if (nTrain === 0) {
    throw new ValueError(
      `With n_samples=${nSamples}, test_size=${pyRepr(testSize)} and train_size=${pyRepr(trainSize)}, the resulting train set will be empty. Adjust any of the aforementioned parameters.`,
    )
  }
  return [nTrain, nTest]
}

function numSamples(a: unknown): number {
  if (Array.isArray(a)) return a.length
  if (a instanceof NDArray || isTensor(a)) {
    if (a.shape.length === 0) {
      throw new PyTorchTypeError(`Singleton array ${String(a)} cannot be considered a valid collection.`)
    }
    return rowCount(a as Rowed)
  }
  throw new PyTorchTypeError(`Expected sequence or array-like, got ${typeof a}`)
}

function take<A>(a: A, indices: readonly number[]): Out<A> {
  if (Array.isArray(a)) return indices.map((i) => a[i]) as Out<A>
  return takeRowsOf(a as Rowed, indices) as Out<A>
}

const isOptions = (x: unknown): x is TrainTestSplitOptions =>
  x !== null && typeof x === 'object' && !Array.isArray(x) && !(x instanceof NDArray) && !isTensor(x)

/**
 * Splits arrays into random train and test subsets exactly as scikit-learn 1.2's `train_test_split` does: the
 * same rows in the same order for the same `randomState`, returned as `[aTrain, aTest, bTrain, bTest, ...]`.
 * See https://scikit-learn.org/1.2/modules/generated/sklearn.model_selection.train_test_split.html
 *
 * ```ts
 * const [xTrain, xTest, yTrain, yTest] = trainTestSplit(x, y, { testSize: 0.3, randomState: 42 })
 * ```
 */
export function trainTestSplit<A extends Splittable[]>(...args: [...A, TrainTestSplitOptions]): Pairs<A>
export function trainTestSplit<A extends Splittable[]>(...args: A): Pairs<A>
export function trainTestSplit(...args: unknown[]): unknown[] {
  const last = args[args.length - 1]
  const options: TrainTestSplitOptions = isOptions(last) ? last : {}
  const arrays = isOptions(last) ? args.slice(0, -1) : args
  const { testSize, trainSize, randomState, shuffle = true } = options
  if (arrays.length === 0) throw new ValueError('At least one array required as input')
  const lengths = arrays.map(numSamples)
  if (lengths.some((n) => n !== lengths[0])) {
    throw new ValueError(`Found input variables with inconsistent numbers of samples: [${lengths.join(', ')}]`)
  }
  const n = lengths[0]!
  const [nTrain, nTest] = validateShuffleSplit(n, testSize, trainSize, 0.25)
  let train: number[]
  let test: number[]
  if (!shuffle) {
    train = Array.from({ length: nTrain }, (_, i) => i)
    test = Array.from({ length: nTest }, (_, i) => nTrain + i)
  } else {
    // ShuffleSplit._iter_indices: one permutation; test takes its head, train the rows after it.
    validateShuffleSplit(n, nTest, nTrain, 0.1)
    const permutation = Array.from(checkRandomState(randomState).permutation(n).data as ArrayLike<number>)
    test = permutation.slice(0, nTest)
    train = permutation.slice(nTest, nTest + nTrain)
  }
  return arrays.flatMap((a) => [take(a, train), take(a, test)])
}
