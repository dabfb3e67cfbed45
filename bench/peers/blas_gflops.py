#!/usr/bin/env python3
"""OpenBLAS single-precision matrix multiply throughput on this machine, for side-by-side comparison with Descent.

A copy of the project's shared peer script, extended with transposes so each product of a dense layer can be
measured as Descent runs it: a shape MxKxN:XY multiplies op(A) (M x K) by op(B) (K x N), where X and Y are N (as
stored) or T (stored transposed, passed to BLAS as a transposed view, never copied).

Needs Debian's python3-numpy and libopenblas0-pthread; run with /usr/bin/python3.
Usage: blas_gflops.py [--threads N] [--sizes 64,128,...] [--shape MxKxN[:XY] ...] [--seconds S] [--cpu-time]
Prints one line per shape: shape, threads, GFLOP/s (median of 5 timed rounds).
"""
import argparse, os
p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=1)
p.add_argument("--sizes", default="64,128,256,512,1024")
p.add_argument("--shape", action="append", default=[], help="MxKxN[:XY]: op(A) (M x K) @ op(B) (K x N)")
p.add_argument("--seconds", type=float, default=0.5, help="time per round")
p.add_argument("--cpu-time", action="store_true",
               help="divide by this thread's CPU time, not wall time (busy machines; --threads 1 only)")
a = p.parse_args()
os.environ["OPENBLAS_NUM_THREADS"] = str(a.threads)  # must precede the numpy import
import numpy as np, time, statistics

if a.cpu_time and a.threads != 1:
    p.error("--cpu-time measures the calling thread only: use it with --threads 1")
clock = time.thread_time if a.cpu_time else time.perf_counter


def operand(rows, cols, transposed):
    """A rows x cols operand; if transposed, stored cols x rows and handed over as a transposed view."""
    if transposed:
        return np.random.rand(cols, rows).astype(np.float32).T
    return np.random.rand(rows, cols).astype(np.float32)


def rate(m, k, n, ta, tb):
    A = operand(m, k, ta); B = operand(k, n, tb)
    A @ B
    flop = 2.0 * m * k * n
    reps = max(1, int(a.seconds * 50e9 / flop))
    rounds = []
    for _ in range(5):
        t = clock()
        for _ in range(reps): A @ B
        rounds.append(flop * reps / (clock() - t) / 1e9)
    return statistics.median(rounds)


def parse(text):
    dims, _, trans = text.partition(":")
    m, k, n = map(int, dims.split("x"))
    trans = trans or "NN"
    return m, k, n, trans[0] == "T", trans[1] == "T", f"{m}x{k}x{n}" + (":" + trans if ":" in text else "")


shapes = [(s, s, s, False, False, str(s)) for s in map(int, filter(None, a.sizes.split(",")))]
shapes += [parse(s) for s in a.shape]
for m, k, n, ta, tb, name in shapes:
    unit = "cpu GFLOP/s" if a.cpu_time else "GFLOP/s"
    print(f"openblas sgemm {name} threads={a.threads} {unit}={rate(m, k, n, ta, tb):.1f}", flush=True)
