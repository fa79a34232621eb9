// The descent stack as one torch-like namespace, so a notebook port reads like PyTorch:
// `torch.tensor(...)`, `torch.nn.Linear`, `torch.optim.SGD`, `torch.utils.data.DataLoader`.
import * as autograd from '@descent/autograd'
import { Tensor } from '@descent/autograd'
import * as datasets from '@descent/datasets'
import * as nn from '@descent/nn'
import * as optim from '@descent/optim'
import * as core from '@descent/tensor'

type MethodName = {
  [K in keyof Tensor]: Tensor[K] extends (...args: never[]) => unknown ? K : never
}[keyof Tensor]

type AsFunction<K extends MethodName> = Tensor[K] extends (...args: infer A) => infer R
  ? (input: Tensor, ...args: A) => R
  : never

// torch.exp(x) is x.exp(): one implementation, reached both ways.
function method<K extends MethodName>(name: K): AsFunction<K> {
  return ((input: Tensor, ...args: unknown[]) =>
    (input[name] as (...a: unknown[]) => unknown).apply(input, args)) as AsFunction<K>
}

const functions = {
  add: method('add'),
  sub: method('sub'),
  mul: method('mul'),
  div: method('div'),
  pow: method('pow'),
  neg: method('neg'),
  abs: method('abs'),
  exp: method('exp'),
  log: method('log'),
  sqrt: method('sqrt'),
  square: method('square'),
  sin: method('sin'),
  cos: method('cos'),
  tanh: method('tanh'),
  sigmoid: method('sigmoid'),
  relu: method('relu'),
  sign: method('sign'),
  clamp: method('clamp'),
  maximum: method('maximum'),
  minimum: method('minimum'),
  sum: method('sum'),
  mean: method('mean'),
  max: method('max'),
  min: method('min'),
  argmax: method('argmax'),
  argmin: method('argmin'),
  var: method('var'),
  std: method('std'),
  logsumexp: method('logsumexp'),
  softmax: method('softmax'),
  logSoftmax: method('logSoftmax'),
  matmul: method('matmul'),
  dot: method('dot'),
  reshape: method('reshape'),
  transpose: method('transpose'),
  permute: method('permute'),
  t: method('t'),
  squeeze: method('squeeze'),
  unsqueeze: method('unsqueeze'),
  flatten: method('flatten'),
  select: method('select'),
  narrow: method('narrow'),
  clone: method('clone'),
  eq: method('eq'),
  ne: method('ne'),
  lt: method('lt'),
  le: method('le'),
  gt: method('gt'),
  ge: method('ge'),
}

/**
 * PyTorch's `torch` namespace over descent's packages.
 * https://pytorch.org/docs/1.13/torch.html
 * @example
 * const x = torch.tensor(3, { requiresGrad: true }); torch.square(x).backward()
 * x.grad?.item() // 6
 */
export const torch = {
  ...functions,
  Tensor,
  tensor: autograd.tensor,
  fromArray: autograd.fromArray,
  zeros: autograd.zeros,
  ones: autograd.ones,
  full: autograd.full,
  empty: autograd.empty,
  zerosLike: autograd.zerosLike,
  onesLike: autograd.onesLike,
  fullLike: autograd.fullLike,
  arange: autograd.arange,
  linspace: autograd.linspace,
  eye: autograd.eye,
  rand: autograd.rand,
  randn: autograd.randn,
  randint: autograd.randint,
  randperm: autograd.randperm,
  where: autograd.where,
  noGrad: autograd.noGrad,
  enableGrad: autograd.enableGrad,
  setGradEnabled: autograd.setGradEnabled,
  isGradEnabled: autograd.isGradEnabled,
  inferenceMode: autograd.inferenceMode,
  isInferenceModeEnabled: autograd.isInferenceModeEnabled,
  manualSeed: core.manualSeed,
  initialSeed: core.initialSeed,
  seed: core.seed,
  getRngState: core.getRngState,
  setRngState: core.setRngState,
  Generator: core.Generator,
  float32: 'float32',
  float: 'float32',
  float64: 'float64',
  double: 'float64',
  int64: 'int64',
  long: 'int64',
  bool: 'bool',
  autograd: {
    grad: autograd.grad,
    backward: autograd.backward,
    gradcheck: autograd.gradcheck,
    gradgradcheck: autograd.gradgradcheck,
  },
  nn,
  optim,
  utils: {
    data: {
      Dataset: datasets.Dataset,
      TensorDataset: datasets.TensorDataset,
      DataLoader: datasets.DataLoader,
      Subset: datasets.Subset,
      randomSplit: datasets.randomSplit,
    },
  },
  save: nn.save,
  load: nn.load,
} as const

/** NumPy's legacy seeded generator, for ports of `np.random.seed(n)` code. */
export const np = { random: { RandomState: core.RandomState } } as const

export { autograd, core as tensorCore, datasets, nn, optim }
export { Tensor }
export default torch
