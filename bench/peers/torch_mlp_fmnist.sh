#!/bin/sh
# PyTorch's training of the Fashion-MNIST reference MLP, beside TrainingBenchmark: 1 and 2 threads.
# Usage: bench/peers/torch_mlp_fmnist.sh [epochs]   (default 5)
# Needs Debian's python3-torch and dataset-fashion-mnist (see /work/shared/tools/README.md); override the script with
# TORCH_MLP_FMNIST=path.
set -eu
script="${TORCH_MLP_FMNIST:-/work/shared/tools/torch_mlp_fmnist.py}"
epochs="${1:-5}"
# The BLAS and OpenMP pools get the same thread count as PyTorch's own (as TrainingBenchmark sets them): otherwise
# OpenBLAS starts a thread per core even at --threads 1, and it spins in sched_yield between products.
for t in 1 2; do
  OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$t" MKL_NUM_THREADS="$t" \
    /usr/bin/python3 "$script" --threads "$t" --epochs "$epochs"
done
