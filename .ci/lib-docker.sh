# Sourced by .ci/run: a Docker engine for the container stores on a machine that reaches no image
# registry and must send nothing to private-range addresses. Installs docker.io if missing, starts
# dockerd with no bridge network (containers use host networking, bound to 127.0.0.1), waits for it,
# builds the offline Redis/PostgreSQL images, and exports the settings the harness and tests need.
# Returns non-zero (failing .ci/run under set -e) when Docker cannot be had.

session_bench_docker_up() {
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "== installing docker.io"
    apt-get update -qq || return 1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null || return 1
  fi
  if ! docker info >/dev/null 2>&1; then
    echo "== starting dockerd (--bridge=none --iptables=false)"
    local log="${TMPDIR:-/tmp}/session-bench-dockerd.log"
    setsid dockerd --bridge=none --iptables=false >"$log" 2>&1 < /dev/null &
    local i
    for i in $(seq 1 120); do
      docker info >/dev/null 2>&1 && break
      sleep 0.5
    done
    if ! docker info >/dev/null 2>&1; then
      echo "dockerd did not answer within 60 s; its log:" >&2
      tail -n 30 "$log" >&2
      return 1
    fi
  fi
  echo "== docker $(docker version --format '{{.Server.Version}}' 2>/dev/null)"
  npm run --silent images:offline || return 1
  export SESSION_BENCH_DOCKER_NETWORK=host
  export TESTCONTAINERS_RYUK_DISABLED=true
  export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
  export REQUIRE_DOCKER=1
  # No registry is reachable here: a missing image (mongo) is skipped, never pulled.
  export SESSION_BENCH_PULL=never
}

session_bench_docker_up
