#!/usr/bin/env python3
"""Computes the Chebyshev coefficients of dev.descent.autograd.SpecialFunctions (run with /usr/bin/python3).

Two smooth functions are fitted by least squares at 400 Chebyshev nodes, from Python's math.erf / math.erfc
(correctly rounded to about one ulp of a double):

  near zero, z in [0, 2]:  erf(z) / z            as a Chebyshev series in  s = (z^2 - 2) / 2          in [-1, 1]
  tail,      z in [2, 25]: erfc(z) * e^(z^2) * z as a Chebyshev series in  s = (2/z - (a + b)) / (b - a) in [-1, 1],
                           with a = 1/25, b = 1/2 (the tail approaches 1/sqrt(pi) as z grows)

Both fits are accurate to a few units of 1e-14 relative; the script prints the worst error it measures on a fine grid.
"""
import math
import numpy as np
from numpy.polynomial import chebyshev as C

NODES = 400
k = np.arange(NODES)
x = np.cos((2 * k + 1) * np.pi / (2 * NODES))

# near zero
u = 2 + 2 * x
near = C.chebfit(x, [math.erf(math.sqrt(v)) / math.sqrt(v) for v in u], 16)

# tail; e^(z^2) is split in two halves so that it does not overflow at z = 25
a, b = 1 / 25, 1 / 2
t = (a + b) / 2 + (b - a) / 2 * x
z = 1 / t
tail = C.chebfit(x, [math.erfc(v) * math.exp(v * v / 2) * math.exp(v * v / 2) * v for v in z], 20)

zz = np.linspace(1e-6, 2, 20001)
err_near = max(abs(v * C.chebval((v * v - 2) / 2, near) - math.erf(v)) / math.erf(v) for v in zz)
zz = np.linspace(2, 25, 20001)
err_tail = max(abs(C.chebval((2 / v - (a + b)) / (b - a), tail) * math.exp(-v * v) / v - math.erfc(v))
               / math.erfc(v) for v in zz)
print(f"// worst relative error: erf on [0, 2] {err_near:.1e}, erfc on [2, 25] {err_tail:.1e}")
for name, c in (("NEAR_ZERO", near), ("TAIL", tail)):
    print(f"private static final double[] {name} = {{")
    print(",\n".join("        " + repr(float(v)) for v in c))
    print("};")
