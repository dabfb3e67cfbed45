#!/usr/bin/env python3
"""Descent's GemmBenchmark and OpenBLAS side by side, in one sitting, as a Markdown table with the ratio.

For each thread count it runs OpenBLAS (blas_gflops.py, beside this file) and then the JMH benchmark on the same
shapes, so both see the same machine state; run it on a quiet machine and record `uptime` with the table. On a
shared, busy machine use --rounds N: the whole comparison is repeated N times and each side keeps its best round,
the figure least disturbed by other processes.

Usage (from the repository root, after `mvn -B -q -pl bench -am package -DskipTests`):
  /usr/bin/python3 bench/peers/gemm_vs_openblas.py [--threads 1,2] [--shapes 64,128,128x784x256:NT,...]
      [--rounds N] [--java java] [--jmh "-wi 3 -i 5"] [--java-options=-Djmh.ignoreLock=true]
"""
import argparse, csv, os, subprocess, sys, tempfile

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


def openblas(threads):
    args = [sys.executable, os.path.join(HERE, "blas_gflops.py"), "--threads", threads, "--sizes", ""]
    for s in shapes:
        args += ["--shape", s if "x" in s else f"{s}x{s}x{s}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout.split("\n")
    rates = [float(line.rsplit("=", 1)[1]) for line in out if "GFLOP/s=" in line]
    return dict(zip(shapes, rates))


def descent(threads):
    with tempfile.NamedTemporaryFile(suffix=".csv") as f:
        cmd = [a.java, "--add-modules", "jdk.incubator.vector"] + a.java_options.split() + ["-jar", a.jar, "GemmBenchmark", "-p",
               "shape=" + ",".join(shapes), "-p", "threads=" + threads, "-rf", "csv", "-rff", f.name] + a.jmh.split()
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit("JMH failed (another JMH run holds /tmp/jmh.lock? wait for it, or pass --java-options "
                     "-Djmh.ignoreLock=true):\n" + (run.stdout + run.stderr)[-2000:])
        rows = list(csv.DictReader(open(f.name)))
    return {r["Param: shape"]: float(r["Score"]) for r in rows if r["Benchmark"].endswith(":gflop")}


best_blas, best_ours = {}, {}
for r in range(a.rounds):
    for t in a.threads.split(","):
        for s, v in openblas(t).items():
            best_blas[s, t] = max(v, best_blas.get((s, t), 0.0))
        for s, v in descent(t).items():
            best_ours[s, t] = max(v, best_ours.get((s, t), 0.0))

print("| shape (MxKxN:op) | threads | Descent GFLOP/s | OpenBLAS GFLOP/s | ratio |")
print("|---|---|---|---|---|")
for t in a.threads.split(","):
    for s in shapes:
        ours, blas = best_ours[s, t], best_blas[s, t]
        print(f"| {s} | {t} | {ours:.1f} | {blas:.1f} | {ours / blas:.2f} |", flush=True)
