#!/usr/bin/env bash
# Time from process start to /-/ready on a copy of the same WAL, CPU time and RSS once ready (RSS again
# after 20 s).
cd "${WORK:-/tmp/wal-replay}" && printf "global:\n  scrape_interval: 15s\n" > empty.yml
name=$1; port=$2; shift 2
rm -rf "d-$name"; cp -r w1 "d-$name"
start=$(date +%s.%N)
"$@" --config.file=empty.yml --storage.tsdb.path="d-$name" --web.listen-address=127.0.0.1:$port > "log-$name" 2>&1 &
pid=$!
until curl -sf "127.0.0.1:$port/-/ready" >/dev/null; do sleep 0.05; done
ready=$(date +%s.%N)
rss1=$(grep VmRSS /proc/$pid/status | awk '{print $2}')
# CPU seconds (user + system, all threads) the process used up to ready.
cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' /proc/$pid/stat)
series=$(curl -s "127.0.0.1:$port/metrics" | grep '^prometheus_tsdb_head_series ' | awk '{print $2}')
sleep 20
rss2=$(grep VmRSS /proc/$pid/status | awk '{print $2}')
kill $pid; wait $pid 2>/dev/null
echo "$name ready_s=$(echo "$ready - $start" | bc) cpu_s=$cpu head_series=$series rss_ready_MiB=$((rss1/1024)) rss_20s_MiB=$((rss2/1024))"
