// NumPy's pairwise summation (numpy/core/src/umath/loops_utils.h.src): below 8 elements a plain loop, up to 128
// eight interleaved accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), above that halves recursively.
function pairwiseSum(a: readonly number[], start: number, n: number): number {
  if (n < 8) {
    let res = 0
    for (let i = 0; i < n; i++) res += a[start + i]
    return res
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => a[start + k])
    let i = 8
    for (; i < n - (n % 8); i += 8) for (let k = 0; k < 8; k++) r[k] += a[start + i + k]
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]))
    for (; i < n; i++) res += a[start + i]
    return res
  }
  let n2 = Math.floor(n / 2)
  n2 -= n2 % 8
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2)
}

/**
 * `np.mean` of a list of Python floats: NumPy's pairwise float64 sum divided by the count, bit for bit.
 * See https://numpy.org/doc/1.24/reference/generated/numpy.mean.html
 * @example
 * npMean([0.1, 0.2, 0.3]) // 0.20000000000000004
 */
export function npMean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  return pairwiseSum(values, 0, values.length) / values.length
}
