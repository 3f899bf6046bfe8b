# Sourced by .ci/run: nginx (the load balancer of --instances) and redis-server/redis-cli (the local
# Redis Cluster of the redis-cluster store), both Debian packages. Installs what is missing, then
# exports REQUIRE_NGINX=1 so the scale-out tests fail instead of skipping. Returns non-zero (failing
# .ci/run under set -e) when they cannot be had.

session_bench_scale_out_up() {
  local missing=()
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "== installing ${missing[*]} (Debian packages)"
    apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || return 1
    # The packages may start their own services; the harness starts nginx and redis per cell itself.
    local pidfile
    for pidfile in /run/nginx.pid /run/redis/redis-server.pid; do
      if [ -s "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
    done
  fi
  export PATH="$PATH:/usr/sbin"
  echo "== $(nginx -v 2>&1), $(redis-server --version | cut -d' ' -f1-3)"
  export REQUIRE_NGINX=1
}

session_bench_scale_out_up
