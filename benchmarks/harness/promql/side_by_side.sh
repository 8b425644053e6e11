#!/usr/bin/env bash
# PromQL side by side: the same promtool-made blocks (10k series x 6h at 15s) served by each server in turn;
# each query as a range query over the 6h at a 60s step: 3 warm-up runs, then the median of 7 timed runs.
set -u
repo="$(cd "$(dirname "$0")/../../.." && pwd)"; here="$(cd "$(dirname "$0")" && pwd)"
work="${WORK:-/tmp/promql-side-by-side}"; mkdir -p "$work"; cd "$work"
[ -d prom-data ] || { python3 "$here/gen_data.py" in.om && promtool tsdb create-blocks-from openmetrics in.om prom-data; }
printf "global:\n  scrape_interval: 15s\n" > empty.yml
start=1763964000; end=$((start + 6*3600 - 15)); step=60
queries=(
  'sum by (job) (rate(x[5m]))'
  'histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))'
  'x{instance=~"i-1.*"}'
  'topk(5, rate(x[5m]))'
)
run() { # name cmd...
  local name=$1; shift
  rm -rf "data-$name"; cp -r prom-data "data-$name"
  "$@" > "log-$name.txt" 2>&1 &
  local pid=$!
  for i in $(seq 1 120); do curl -sf "localhost:$port/-/ready" >/dev/null && break; sleep 0.5; done
  for q in "${queries[@]}"; do
    for i in 1 2 3; do curl -s -o /dev/null --data-urlencode "query=$q" -d "start=$start&end=$end&step=$step" "localhost:$port/api/v1/query_range"; done
    times=()
    for i in 1 2 3 4 5 6 7; do
      times+=($(curl -s -o "out-$name.json" -w '%{time_total}' --data-urlencode "query=$q" -d "start=$start&end=$end&step=$step" "localhost:$port/api/v1/query_range"))
    done
    med=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 4p)
    printf '%s\t%s\t%s\t%s\n' "$name" "$q" "$med" "$(head -c 80 out-$name.json | tr -d '\n')"
  done
  kill $pid; wait $pid 2>/dev/null
}
port=29090 run prometheus /usr/bin/prometheus --config.file=empty.yml --storage.tsdb.path=data-prometheus --storage.tsdb.retention.time=100y --web.listen-address=127.0.0.1:29090
port=29091 run promethium "$repo/bin/promethium" --config.file=empty.yml --storage.tsdb.path=data-promethium --storage.tsdb.retention.time=100y --web.listen-address=127.0.0.1:29091
