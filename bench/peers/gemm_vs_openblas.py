#!/usr/bin/env python3
"""Descent's GemmBenchmark and OpenBLAS side by side, in one sitting, as a Markdown table with the ratio.

Shape by shape, it runs OpenBLAS (blas_gflops.py, beside this file: the median of 5 timed rounds) and then the JMH
benchmark on the same shape, so both see the same machine state within seconds of each other, and Descent's figure
is the same statistic: the median of JMH's measurement iterations (JMH's own score is their mean, which one
disturbed iteration drags down on a shared machine). Run it on a quiet machine and record `uptime` with the table.
On a shared, busy machine use --rounds N: the whole comparison is repeated N times and each side keeps its best
round, the figure least disturbed by other processes.

Usage (from the repository root, after `mvn -B -q -pl bench -am package -DskipTests`):
  /usr/bin/python3 bench/peers/gemm_vs_openblas.py [--threads 1,2] [--shapes 64,128,128x784x256:NT,...]
      [--rounds N] [--java java] [--jmh "-wi 3 -i 5"] [--java-options=-Djmh.ignoreLock=true]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = ("64,128,256,512,1024,128x784x256:NT,128x256x784:NN,256x128x784:TN,128x256x128:NT,128x128x256:NN,"
           "128x128x256:TN,128x128x10:NT,128x10x128:NN,10x128x128:TN")

p = argparse.ArgumentParser()
p.add_argument("--threads", default="1,2")
p.add_argument("--shapes", default=DEFAULT)
p.add_argument("--java", default="java")
p.add_argument("--jar", default=os.path.join(HERE, "..", "target", "benchmarks.jar"))
p.add_argument("--jmh", default="-wi 3 -w 1 -i 5 -r 1", help="extra JMH options")
p.add_argument("--rounds", type=int, default=1, help="repeat everything, keep each side's best")
p.add_argument("--java-options", default="", help="options for the JMH launcher JVM, e.g. -Djmh.ignoreLock=true")
a = p.parse_args()
shapes = a.shapes.split(",")


def openblas(shape, threads):
    args = [sys.executable, os.path.join(HERE, "blas_gflops.py"), "--threads", threads, "--sizes", "",
            "--shape", shape if "x" in shape else f"{shape}x{shape}x{shape}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return float(out.rsplit("GFLOP/s=", 1)[1])


def descent(shape, threads):
    """The median of the measurement iterations of GemmBenchmark's gflop counter, in GFLOP/s."""
    with tempfile.NamedTemporaryFile(suffix=".json") as f:
        cmd = ([a.java, "--add-modules", "jdk.incubator.vector"] + a.java_options.split()
               + ["-jar", a.jar, "GemmBenchmark", "-p", "shape=" + shape, "-p", "threads=" + threads,
                  "-rf", "json", "-rff", f.name] + a.jmh.split())
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit("JMH failed (another JMH run holds /tmp/jmh.lock? wait for it, or pass --java-options "
                     "-Djmh.ignoreLock=true):\n" + (run.stdout + run.stderr)[-2000:])
        (result,) = json.load(open(f.name))
    forks = result["secondaryMetrics"]["gflop"]["rawData"]
    return statistics.median(x for fork in forks for x in fork)


best_blas, best_ours = {}, {}
for r in range(a.rounds):
    for t in a.threads.split(","):
        for s in shapes:
            best_blas[s, t] = max(openblas(s, t), best_blas.get((s, t), 0.0))
            best_ours[s, t] = max(descent(s, t), best_ours.get((s, t), 0.0))

print("| shape (MxKxN:op) | threads | Descent GFLOP/s | OpenBLAS GFLOP/s | ratio |")
print("|---|---|---|---|---|")
for t in a.threads.split(","):
    for s in shapes:
        ours, blas = best_ours[s, t], best_blas[s, t]
        print(f"| {s} | {t} | {ours:.1f} | {blas:.1f} | {ours / blas:.2f} |", flush=True)
