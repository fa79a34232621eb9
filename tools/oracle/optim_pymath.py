"""Python float ** and math.cos on the arguments optim's schedulers and bias corrections use (glibc's results)."""
import math

import mpmath
import numpy as np

from fixture import write_fixture

rng = np.random.RandomState(3)
pow_cases = []
for base in [0.9, 0.99, 0.999, 0.95, 0.5, 0.1, 0.3, 0.8, 1.1, 2.0]:
    for n in list(range(0, 60)) + [100, 299, 300, 1000, -1, -7]:
        pow_cases.append([base, n, base ** n])
for _ in range(400):
    b = float(rng.uniform(0.01, 1.2))
    n = int(rng.randint(-50, 3000))
    if abs(n * math.log(b)) > 700:
        continue
    pow_cases.append([b, n, b ** n])

cos_cases = []
for T in [1, 2, 3, 5, 7, 10, 50, 100, 300]:
    for e in range(0, 3 * T + 2):
        for x in (e * math.pi / T, math.pi * e / T, math.pi / T):
            cos_cases.append([x, math.cos(x)])
for _ in range(1000):
    x = float(rng.uniform(-1e4, 1e4))
    cos_cases.append([x, math.cos(x)])

mpmath.mp.prec = 200
cos_exact = [float(mpmath.cos(mpmath.mpf(x))) for x, _ in cos_cases]
misrounded = sorted({x for (x, got), exact in zip(cos_cases, cos_exact) if got != exact})
write_fixture('optim', 'optim_pymath', {'pow': pow_cases, 'cos': cos_cases, 'cosExact': cos_exact,
                                        'cosMisrounded': misrounded})
