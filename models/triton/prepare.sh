#!/bin/sh
# Makes models/triton/ a Triton model repository: puts the default world's model.onnx in nacre-default/1/
# (a copy, so the folder can be mounted into a container on its own; --link for a symlink instead) and writes
# nacre-default/initial_state/*.bin from init.onnx (--seed N, default 0). Neither is kept in git.
#   models/triton/prepare.sh [--link] [--seed N]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
link=0
seed=0
while [ $# -gt 0 ]; do
  case "$1" in
    --link) link=1 ;;
    --seed) seed="$2"; shift ;;
    *) echo "usage: $0 [--link] [--seed N]" >&2; exit 2 ;;
  esac
  shift
done
model="$here/nacre-default"
rm -f "$model/1/model.onnx"
if [ "$link" = 1 ]; then
  ln -s ../../../default/model.onnx "$model/1/model.onnx"
else
  cp "$root/models/default/model.onnx" "$model/1/model.onnx"
fi
cd "$root"
"$root/node_modules/.bin/tsx" models/triton/initial-state.ts "$model" --seed "$seed"
echo "$model/1/model.onnx"
