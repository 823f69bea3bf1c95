#!/usr/bin/env bash
# The scaled-out deployment measured on one machine: deploy/nginx-datasette.conf (an nginx
# cache keyed by release) in front of two immutable Datasette processes (as scripts/publish
# serves), on the synthetic national catalogue. Reports wrk at 20 connections for the same
# three pages as bench_datasette.py, served from the cache (after one warming request each).
# Needs: bash benchmarks/setup (wrk), Debian's nginx (apt-get install nginx-light),
# benchmarks/out/catalogue-50000 (benchmarks/bench_build.py --sizes 50000).
# Usage: bash benchmarks/bench_cache.sh [SIZE] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-50000}; SECONDS_PER_RUN=${2:-10}
DB=benchmarks/out/catalogue-$SIZE/catalogue.db
WORK=$(mktemp -d /tmp/bench-cache.XXXXXX)
INSPECT=$WORK/inspect-data.json
chmod 755 "$WORK"; mkdir -m 777 "$WORK/cache"  # nginx workers run as an unprivileged user
.venv/bin/datasette inspect "$DB" --inspect-file "$INSPECT"
OPTS=$(PYTHONPATH=benchmarks .venv/bin/python -c "import bench_datasette as b; print(' '.join(b.serve_options()))")
pids=()
for port in 18101 18102; do
  .venv/bin/datasette serve -i "$DB" --inspect-file "$INSPECT" $OPTS --host 127.0.0.1 --port $port >/dev/null 2>&1 &
  pids+=($!)
done
# The project's nginx config, pointed at this machine's ports and a private cache folder.
sed -e "s#/var/cache/nginx/catalogue#$WORK/cache#" -e "s/127.0.0.1:8001/127.0.0.1:18101/" \
    -e "s/127.0.0.1:8002/127.0.0.1:18102/" -e "s/listen 80;/listen 127.0.0.1:18100;/" \
    -e "s/replace-with-catalogue-sha256/bench/" deploy/nginx-datasette.conf > "$WORK/site.conf"
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/body; proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fastcgi; uwsgi_temp_path $WORK/uwsgi; scgi_temp_path $WORK/scgi;
  include $WORK/site.conf;
}
CONF
cleanup() { nginx -c "$WORK/nginx.conf" -s stop 2>/dev/null || true; kill "${pids[@]}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
nginx -c "$WORK/nginx.conf"
for _ in $(seq 100); do curl -sf http://127.0.0.1:18101/-/versions.json >/dev/null && curl -sf http://127.0.0.1:18102/-/versions.json >/dev/null && break; sleep 0.3; done
FACETS="_facet=provider_id&_facet=award&_facet=aimh_level_target&_facet=mode&_facet=funding&_facet=kind"
for page in "course list with facets|/catalogue/courses?$FACETS" \
            "full-text search|/catalogue/courses?_search=infant+observation" \
            "canned query search_courses|/catalogue/search_courses?q=infant+observation"; do
  label=${page%%|*}; path=${page#*|}
  miss=$(curl -s -o /dev/null -w "%{time_total}" -H "Host: catalogue.example.org" "http://127.0.0.1:18100$path")
  status=$(curl -s -o /dev/null -D - -H "Host: catalogue.example.org" "http://127.0.0.1:18100$path" | grep -i -e '^HTTP/' -e x-cache-status | tr -d '\r' | paste -sd' ')
  case "$status" in *" 200 "*) ;; *) echo "not a 200 from the cache: $status" >&2; exit 1;; esac
  out=$(wrk -t1 -c20 -d${SECONDS_PER_RUN}s --latency -H "Host: catalogue.example.org" "http://127.0.0.1:18100$path")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}'); p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  p90=$(echo "$out" | awk '$1=="90%" {print $2}')
  echo "$SIZE courses, $label: first request (cache miss) ${miss}s; then $status; 20 connections: $rps req/s, p50 $p50, p90 $p90, p99 $p99"
done
