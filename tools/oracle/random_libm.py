"""glibc's double log, sin and cos (through Python's math module, which calls libm) on the arguments the samplers
feed them: 1 - u and the polar method's r^2 for log, 2*pi*u for sin and cos, plus wider ranges."""
import math
import random

from fixture import write_fixture

rng = random.Random(3)


def unit():
    return rng.getrandbits(53) / 2**53


logs = [1 - unit() for _ in range(1500)] + [rng.uniform(0.9, 1.1) for _ in range(500)]
logs += [math.ldexp(0.5 + unit() / 2, rng.randint(-1070, 1023)) for _ in range(300)] + [1.0, 2.0, 0.5, 5e-324]
angles = [2 * math.pi * unit() for _ in range(2000)] + [rng.uniform(-50, 50) for _ in range(500)]
angles += [rng.uniform(-0.2, 0.2) for _ in range(200)] + [0.0, 1e-9, math.pi, math.pi / 2, 0.855469, 2.426265]
write_fixture('tensor', 'random_libm', {
    'log': {'x': logs, 'y': [math.log(x) for x in logs]},
    'sin': {'x': angles, 'y': [math.sin(x) for x in angles]},
    'cos': {'x': angles, 'y': [math.cos(x) for x in angles]},
})
