#!/bin/sh
# PyTorch's training of the Fashion-MNIST reference MLP, beside TrainingBenchmark: 1 and 2 threads.
# Usage: bench/peers/torch_mlp_fmnist.sh [epochs]   (default 5)
# Needs Debian's python3-torch and dataset-fashion-mnist (see /work/shared/tools/README.md); override the script with
# TORCH_MLP_FMNIST=path.
set -eu
script="${TORCH_MLP_FMNIST:-/work/shared/tools/torch_mlp_fmnist.py}"
epochs="${1:-5}"
for t in 1 2; do
  /usr/bin/python3 "$script" --threads "$t" --epochs "$epochs"
done
