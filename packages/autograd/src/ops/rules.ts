// The table of backward rules: every differentiable op of the contract names the op definitions that carry its
// rule, so dropping one is a compile-time error (the table is a `Record<OpName, ...>`), as jax-js types its rules.
import type { OpDef } from '../graph.js'
import * as arith from './arithmetic.js'
import * as convert from './convert.js'
import * as slices from './copySlices.js'
import * as linalg from './linalg.js'
import * as reduce from './reduce.js'
import * as shape from './shape.js'
import * as unary from './unary.js'

/** The differentiable ops of the @descent/autograd contract (ARCHITECTURE.md), in place ones included. */
export type OpName =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'neg' | 'abs' | 'exp' | 'log' | 'sqrt' | 'square' | 'sin' | 'cos'
  | 'tanh' | 'sigmoid' | 'relu' | 'sign' | 'reciprocal' | 'clamp' | 'maximum' | 'minimum' | 'where'
  | 'sum' | 'mean' | 'max' | 'min' | 'var' | 'std' | 'logsumexp' | 'softmax' | 'logSoftmax'
  | 'matmul' | 'addmm' | 'dot' | 'reshape' | 'view' | 'transpose' | 'permute' | 't' | 'expand' | 'squeeze' | 'unsqueeze'
  | 'flatten' | 'select' | 'narrow' | 'contiguous' | 'clone' | 'to'
  | 'add_' | 'sub_' | 'mul_' | 'div_' | 'zero_' | 'fill_' | 'copy_' | 'inplaceOnView'

type AnyOpDef = OpDef<never>

/** Each op's definitions (ops PyTorch records under several names list each of them). */
export const rules: Readonly<Record<OpName, readonly AnyOpDef[]>> = {
  add: [arith.addOp],
  sub: [arith.subOp],
  mul: [arith.mulOp],
  div: [arith.divOp],
  pow: [arith.powScalarOp, arith.powTensorOp],
  neg: [unary.negOp],
  abs: [unary.absOp],
  exp: [unary.expOp],
  log: [unary.logOp],
  sqrt: [unary.sqrtOp],
  square: [arith.powScalarOp],
  sin: [unary.sinOp],
  cos: [unary.cosOp],
  tanh: [unary.tanhOp],
  sigmoid: [unary.sigmoidOp],
  relu: [unary.reluOp],
  sign: [unary.signOp],
  reciprocal: [unary.reciprocalOp],
  clamp: [unary.clampOp],
  maximum: [arith.maximumOp],
  minimum: [arith.minimumOp],
  where: [arith.whereOp],
  sum: [reduce.sumAllOp, reduce.sumOp],
  mean: [reduce.meanAllOp, reduce.meanOp],
  max: [reduce.maxAllOp, reduce.maxOp],
  min: [reduce.minAllOp, reduce.minOp],
  var: [reduce.varOp],
  std: [reduce.stdOp],
  logsumexp: [reduce.logsumexpOp],
  softmax: [reduce.softmaxOp],
  logSoftmax: [reduce.logSoftmaxOp],
  matmul: [linalg.dotOp, linalg.mmOp, linalg.mvOp, linalg.batchedOp],
  addmm: [linalg.addmmOp],
  dot: [linalg.dotOp],
  reshape: [shape.reshapeAliasOp, shape.unsafeViewOp],
  view: [shape.viewOp],
  transpose: [shape.transposeOp],
  permute: [shape.permuteOp],
  t: [shape.tOp],
  expand: [shape.expandOp, shape.sumToShapeOp],
  squeeze: [shape.squeezeAllOp, shape.squeezeOp],
  unsqueeze: [shape.unsqueezeOp],
  flatten: [shape.reshapeAliasOp, shape.unsafeViewOp],
  select: [shape.selectOp, shape.selectBackwardOp],
  narrow: [shape.sliceOp, shape.sliceBackwardOp],
  contiguous: [shape.contiguousOp],
  clone: [shape.cloneOp],
  to: [convert.toCopyOp],
  add_: [arith.addOp],
  sub_: [arith.subOp],
  mul_: [arith.mulOp],
  div_: [arith.divOp],
  zero_: [convert.zeroOp],
  fill_: [convert.fillOp],
  copy_: [convert.copyOp],
  inplaceOnView: [slices.copySlicesOp, slices.asStridedOp, slices.asStridedScatterOp, slices.maskRegionOp],
}
