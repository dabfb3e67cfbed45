#!/bin/sh
# PyTorch's optimizer step over the same parameter counts and thread counts as OptimizerBenchmark.
# Usage: bench/peers/torch_optim_step.sh [params...]   (default: 1000000 10000000; threads 1 and 2)
# Needs Debian's python3-torch (see /work/shared/tools/README.md); override the script with TORCH_OPTIM_STEP=path.
set -eu
script="${TORCH_OPTIM_STEP:-/work/shared/tools/torch_optim_step.py}"
sizes="${*:-1000000 10000000}"
for n in $sizes; do
  for t in 1 2; do
    /usr/bin/python3 "$script" --params "$n" --threads "$t"
  done
done
