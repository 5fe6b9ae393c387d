#!/bin/sh
# A stand-in for `nvidia-smi --query-gpu=index,power.draw,memory.used,name
# --format=csv,noheader,nounits -lms N` on a machine without GPUs: every N ms
# (from -lms, default 200) one line per GPU, two GPUs at constant power:
# GPU 0 draws 100 W with 2048 MiB in use, GPU 1 50 W with 1024 MiB, so the
# total is 150 W and 3 GiB. FAKE_SMI_BATCHES=K prints K intervals and exits
# (an early end); FAKE_SMI_HEADER=1 prints nvidia-smi's CSV header first.
interval_ms=200
while [ $# -gt 0 ]; do
  case "$1" in
    -lms) interval_ms="$2"; shift ;;
    -lms=*) interval_ms="${1#-lms=}" ;;
  esac
  shift
done
seconds=$(awk "BEGIN { print $interval_ms / 1000 }")
if [ "${FAKE_SMI_HEADER:-0}" = 1 ]; then
  echo "index, power.draw [W], memory.used [MiB], name"
fi
batches=0
while :; do
  echo "0, 100.00, 2048, Fake GPU A"
  echo "1, 50.00, 1024, Fake GPU B"
  batches=$((batches + 1))
  if [ -n "${FAKE_SMI_BATCHES:-}" ] && [ "$batches" -ge "$FAKE_SMI_BATCHES" ]; then
    echo "fake-smi: stopping after $batches intervals" >&2
    exit 3
  fi
  sleep "$seconds"
done
