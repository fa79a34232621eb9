#!/usr/bin/env bash
# Regenerates every fixture from real PyTorch 1.13, NumPy 1.24 and scikit-learn 1.2 (Debian's python3-torch,
# python3-numpy, python3-sklearn; install them with `apt-get install -y python3-torch python3-numpy python3-sklearn`).
set -euo pipefail
cd "$(dirname "$0")"
PY=${PYTHON:-/usr/bin/python3}
"$PY" -c 'import torch, numpy, sklearn' 2>/dev/null || {
  echo "The oracle needs PyTorch, NumPy and scikit-learn: apt-get install -y python3-torch python3-numpy python3-sklearn" >&2
  exit 1
}
for script in *.py; do
  [ "$script" = fixture.py ] && continue
  echo "== $script"
  "$PY" "$script"
done
