#!/bin/sh
# The GPU paths of a workstation, checked in one go (the figures in README's "Measured on a GPU" come from it):
#   sh scripts/gpu-check.sh [PYTHON]
# PYTHON: the python3 that has torch with CUDA (default: python3 on the PATH; Debian's /usr/bin/python3 has a
# CPU-only torch). Each part says what it found; one that cannot run says why and the others go on.
PY=${1:-python3}
cd "$(dirname "$0")/.." || exit 1

echo "== GPU"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi: no NVIDIA driver"

echo "== NVENC (the h264_nvenc display transport)"
# NVML says whether the chip has a hardware encoder at all (data-centre chips such as the A100 and H100 have none)
"$PY" - <<'EOF'
try:
    import pynvml as nvml
except ImportError:
    print("NVML: python module pynvml (nvidia-ml-py) not installed: skipped")
else:
    nvml.nvmlInit()
    h = nvml.nvmlDeviceGetHandleByIndex(0)
    try:
        print("NVENC H.264 encoder capacity:", nvml.nvmlDeviceGetEncoderCapacity(h, nvml.NVML_ENCODER_QUERY_H264), "%")
    except nvml.NVMLError as e:
        print("NVENC H.264 encoder capacity: none:", e)
EOF
if command -v ffmpeg >/dev/null && ffmpeg -hide_banner -encoders 2>/dev/null | grep -q h264_nvenc; then
  ffmpeg -hide_banner -loglevel error -stats -f lavfi -i testsrc2=size=1280x720:rate=30 -frames:v 300 \
    -c:v h264_nvenc -preset p1 -tune ull -f null - 2>&1 | tail -2
else
  echo "ffmpeg with h264_nvenc: not installed here (Debian's ffmpeg has it)"
fi

echo "== onnxruntime's CUDA provider (the in-process ONNX host with --provider cuda)"
if [ -e node_modules/onnxruntime-node ] && command -v node >/dev/null; then
  node -e "const o=require('onnxruntime-node');o.InferenceSession.create('models/default/model.onnx',{executionProviders:['cuda']}).then(()=>console.log('onnxruntime-node: cuda provider loads'),e=>console.log('onnxruntime-node: cuda provider:',e.message.split('\n')[0]))"
else
  echo "onnxruntime-node: no node_modules or node here"
fi

echo "== nacre model-server on CUDA: its tests, then the devices compared"
(cd models/server && NACRE_SERVER_DEVICE=cuda "$PY" -m unittest test_server 2>&1 | tail -4)
"$PY" models/server/bench_devices.py --devices cpu,cuda --models default-320x180,default,default-1280x720 \
  --steps 90 --compare 40 --concurrent 8
