#!/bin/sh
# The GPU paths of a workstation, checked in one go (README's "Benchmarks / On a GPU" has what it gave on an H200):
#   sh scripts/gpu-check.sh [PYTHON]
# PYTHON: the python3 that has torch with CUDA (default: python3 on the PATH; Debian's /usr/bin/python3 has a
# CPU-only torch). Each part says what it found; one that cannot run says why and the others go on.
PY=${1:-python3}
cd "$(dirname "$0")/.." || exit 1

echo "== GPU"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi: no NVIDIA driver"

echo "== NVENC (the h264_nvenc display transport)"
# the runtime's own encoder decides (NVML's encoder capacity is no proof: it said 100 % on an H200, which has no
# NVENC engine)
if [ -e node_modules/.bin/tsx ] && command -v ffmpeg >/dev/null; then
  npx tsx bench/h264-encoders.ts --encoders libx264,h264_nvenc --size 1280x720 --frames 150
else
  echo "the H.264 encoders: needs npm ci and ffmpeg (Debian's has h264_nvenc)"
fi

echo "== onnxruntime's CUDA provider (the in-process ONNX host with --provider cuda)"
if [ -e node_modules/onnxruntime-node ] && command -v node >/dev/null; then
  node -e "const o=require('onnxruntime-node');o.InferenceSession.create('models/default/model.onnx',{executionProviders:['cuda']}).then(()=>console.log('onnxruntime-node: cuda provider loads'),e=>console.log('onnxruntime-node: cuda provider:',e.message.split('\n')[0]))"
else
  echo "onnxruntime-node: no node_modules or node here"
fi

echo "== nacre model-server on CUDA: its tests, then the devices compared"
(cd models/server && NACRE_SERVER_DEVICE=cuda "$PY" -m unittest test_server 2>&1 | tail -4)
if [ -e node_modules/.bin/tsx ]; then
  NACRE_PYTHON=$(command -v "$PY") npx tsx bench/remote-torch.ts --device cuda --models default-320x180,default,default-1280x720
fi
"$PY" models/server/bench_devices.py --devices cpu,cuda --models default-320x180,default,default-1280x720 \
  --steps 90 --compare 40 --concurrent 8
