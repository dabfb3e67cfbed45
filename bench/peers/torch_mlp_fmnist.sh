#!/bin/sh
# PyTorch's training of the Fashion-MNIST reference MLP, beside TrainingBenchmark: 1 and 2 threads, each twice.
# Usage: bench/peers/torch_mlp_fmnist.sh [epochs]   (default 5)
# Needs Debian's python3-torch and dataset-fashion-mnist (see /work/shared/tools/README.md); override the script with
# TORCH_MLP_FMNIST=path.
#
# "pools = threads": the BLAS and OpenMP pools get the same thread count as PyTorch's own, as TrainingBenchmark's
# pinned runs do. "BLAS pool default": as a user starts it; OpenBLAS then starts a thread per core even at
# --threads 1, multiplies on the second core and spins in sched_yield between products.
set -eu
script="${TORCH_MLP_FMNIST:-/work/shared/tools/torch_mlp_fmnist.py}"
epochs="${1:-5}"
for t in 1 2; do
  echo "# pools = threads"
  OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$t" MKL_NUM_THREADS="$t" \
    /usr/bin/python3 "$script" --threads "$t" --epochs "$epochs"
  echo "# BLAS pool default"
  env -u OMP_NUM_THREADS -u OPENBLAS_NUM_THREADS -u MKL_NUM_THREADS \
    /usr/bin/python3 "$script" --threads "$t" --epochs "$epochs"
done
