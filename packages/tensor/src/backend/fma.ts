// The kernels' fused multiply-add lives with the rest of the exact float arithmetic, in one place.
export { fma32, fma64 } from '../floatMath.js'
