#!/usr/bin/env bash
# Builds local Docker images for Redis and PostgreSQL from this machine's Debian packages, for
# machines that reach no image registry (CI and every machine of this project). Each image is a
# `docker import` of a small root filesystem: the server binaries, the libraries `ldd` lists, and
# an entrypoint. Never pulls. Idempotent: an image whose recipe and package version are unchanged
# is kept. Prints the image names. Usage: npm run images:offline
set -euo pipefail

REDIS_IMAGE=session-bench/redis:offline
POSTGRES_IMAGE=session-bench/postgres:offline
PG_UID=999 # the official postgres image's uid, so volumes behave the same
RECIPE=$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)

log() { echo "images-offline: $*" >&2; }
die() { log "$*"; exit 1; }

command -v docker >/dev/null || die "docker is not installed (apt-get install -y docker.io)"
docker info >/dev/null 2>&1 || die "no Docker engine answers: start dockerd (see .ci/lib-docker.sh)"

apt_updated=0
ensure_package() { # package, file that proves it is installed
  [ -e "$2" ] && return 0
  log "installing $1 with apt-get"
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >&2; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$1" >&2
}

package_version() { dpkg-query -W -f='${Version}' "$1"; }

# Copies files into the rootfs at the same paths, with every shared library they load.
copy_with_libs() {
  local root=$1; shift
  local f lib
  for f in "$@"; do
    cp -L --parents "$f" "$root"
    for lib in $(ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true); do
      [ -e "$root$lib" ] || cp -L --parents "$lib" "$root"
    done
  done
}

base_rootfs() { # root: /etc/passwd, /tmp and /bin/sh (dash) for entrypoints
  local root=$1
  mkdir -p "$root"/{etc,tmp,bin}
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\npostgres:x:%s:%s:PostgreSQL:/var/lib/postgresql:/bin/sh\nredis:x:998:998:Redis:/data:/bin/sh\n' \
    "$PG_UID" "$PG_UID" >"$root/etc/passwd"
  printf 'root:x:0:\npostgres:x:%s:\nredis:x:998:\n' "$PG_UID" >"$root/etc/group"
  copy_with_libs "$root" /bin/dash /bin/rm /bin/mkdir
  ln -s dash "$root/bin/sh"
}

# True when the image exists and was built by this recipe from this package version.
up_to_date() {
  local want="$2"
  local have
  have=$(docker image inspect -f '{{ index .Config.Labels "session-bench.source" }}' "$1" 2>/dev/null || true)
  [ "$have" = "$want" ]
}

import_rootfs() { # root, image, changes...
  local root=$1 image=$2; shift 2
  local args=()
  local c
  for c in "$@"; do args+=(--change "$c"); done
  local old
  old=$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  tar --numeric-owner -C "$root" -cf - . | docker import "${args[@]}" - "$image" >/dev/null
  # The replaced build would linger as a dangling <none> image.
  if [ -n "$old" ]; then docker rmi "$old" >/dev/null 2>&1 || true; fi
}

build_redis() {
  ensure_package redis-server /usr/bin/redis-server
  local version source
  version=$(package_version redis-server)
  source="redis-server $version recipe $RECIPE"
  if up_to_date "$REDIS_IMAGE" "$source"; then log "$REDIS_IMAGE is up to date ($source)"; return; fi
  local root
  root=$(mktemp -d)
  base_rootfs "$root"
  copy_with_libs "$root" /usr/bin/redis-server
  mkdir -p "$root/data"
  import_rootfs "$root" "$REDIS_IMAGE" \
    'WORKDIR /data' 'ENV PATH=/usr/bin:/bin' 'EXPOSE 6379' 'CMD ["redis-server"]' \
    "LABEL session-bench.source=\"$source\"" "LABEL org.opencontainers.image.version=\"$version\""
  rm -rf "$root"
  log "built $REDIS_IMAGE ($source)"
}

# Mimics the official image's entrypoint for what session-bench uses: POSTGRES_USER, POSTGRES_PASSWORD,
# POSTGRES_DB, arguments passed to postgres. Runs as the postgres user (initdb refuses root). The
# image carries a cluster initialised at build time (initdb costs seconds per start); the first start
# only sets the role, password and database, in single-user mode. An empty PGDATA (a fresh volume)
# is initialised from scratch.
postgres_entrypoint() {
  cat <<'EOF'
#!/bin/sh
set -e
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
case "$1" in -*) set -- postgres "$@" ;; esac
need_password() {
  if [ -z "$POSTGRES_PASSWORD" ]; then echo "entrypoint: POSTGRES_PASSWORD must be set" >&2; exit 1; fi
  case "$POSTGRES_PASSWORD" in *"'"*) echo "entrypoint: POSTGRES_PASSWORD may not contain a single quote" >&2; exit 1 ;; esac
}
if [ "$1" = postgres ] && [ -f "$PGDATA/.session-bench-unconfigured" ]; then
  need_password
  {
    if [ "$POSTGRES_USER" = postgres ]; then
      printf "ALTER ROLE postgres PASSWORD '%s';\n" "$POSTGRES_PASSWORD"
    else
      printf "CREATE ROLE \"%s\" SUPERUSER LOGIN PASSWORD '%s';\n" "$POSTGRES_USER" "$POSTGRES_PASSWORD"
    fi
    if [ "$POSTGRES_DB" != postgres ]; then printf 'CREATE DATABASE "%s" OWNER "%s";\n' "$POSTGRES_DB" "$POSTGRES_USER"; fi
  } | postgres --single -F -D "$PGDATA" postgres >/dev/null
  rm -f "$PGDATA/.session-bench-unconfigured"
  echo "entrypoint: configured $POSTGRES_USER and $POSTGRES_DB"
elif [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  need_password
  mkdir -p "$PGDATA"
  printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pwfile
  initdb -D "$PGDATA" -U "$POSTGRES_USER" --pwfile=/tmp/pwfile --auth-local=trust \
    --auth-host=scram-sha-256 --locale=C --encoding=UTF8 --no-sync >/dev/null
  rm -f /tmp/pwfile
  printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    printf 'CREATE DATABASE "%s";\n' "$POSTGRES_DB" | postgres --single -F -D "$PGDATA" postgres >/dev/null
  fi
  echo "entrypoint: initialised $PGDATA"
fi
# docker stop sends SIGTERM, which postgres takes as a smart shutdown (waits for every client);
# the official image sets STOPSIGNAL SIGINT (fast shutdown), which `docker import` cannot set.
set +e
"$@" &
child=$!
trap 'kill -INT "$child" 2>/dev/null' TERM INT
status=0
while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done
exit "$status"
EOF
}

# initdb at build time, as the host's postgres user (initdb refuses root), with a throwaway
# password that the entrypoint replaces on first start.
init_cluster() { # bin dir, target data dir
  local tmp
  tmp=$(mktemp -d)
  chown postgres "$tmp"
  head -c 18 /dev/urandom | base64 >"$tmp/pw"
  chown postgres "$tmp/pw"
  runuser -u postgres -- "$1/initdb" -D "$tmp/data" -U postgres --pwfile="$tmp/pw" --auth-local=trust \
    --auth-host=scram-sha-256 --locale=C --encoding=UTF8 --no-sync >/dev/null
  printf 'host all all all scram-sha-256\n' >>"$tmp/data/pg_hba.conf"
  touch "$tmp/data/.session-bench-unconfigured"
  mv "$tmp/data" "$2"
  rm -rf "$tmp"
}

build_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$bin" ]; then
    ensure_package postgresql /usr/share/postgresql-common
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  local major pkg version source
  major=$(basename "$(dirname "$bin")")
  pkg=postgresql-$major
  version=$(package_version "$pkg")
  source="$pkg $version recipe $RECIPE"
  if up_to_date "$POSTGRES_IMAGE" "$source"; then log "$POSTGRES_IMAGE is up to date ($source)"; return; fi
  local root lib share
  root=$(mktemp -d)
  lib=/usr/lib/postgresql/$major/lib
  share=/usr/share/postgresql/$major
  base_rootfs "$root"
  copy_with_libs "$root" "$bin/postgres" "$bin/initdb" "$bin/pg_ctl" "$bin/pg_isready" "$bin/psql"
  # Server modules initdb and sessions load; llvmjit is left out (it pulls in LLVM: jit is off).
  copy_with_libs "$root" $(ls "$lib"/*.so | grep -v llvmjit)
  cp -r --parents "$share" /usr/share/zoneinfo "$root"
  mkdir -p "$root/usr/local/bin" "$root/var/lib/postgresql" "$root/var/run/postgresql"
  init_cluster "$bin" "$root/var/lib/postgresql/data"
  postgres_entrypoint >"$root/usr/local/bin/docker-entrypoint.sh"
  chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"
  chown -R "$PG_UID:$PG_UID" "$root/var/lib/postgresql" "$root/var/run/postgresql"
  chmod 700 "$root/var/lib/postgresql/data"
  import_rootfs "$root" "$POSTGRES_IMAGE" \
    'USER postgres' "ENV PATH=$bin:/usr/bin:/bin" 'ENV PGDATA=/var/lib/postgresql/data' \
    'EXPOSE 5432' \
    'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' 'CMD ["postgres", "-c", "jit=off"]' \
    "LABEL session-bench.source=\"$source\"" "LABEL org.opencontainers.image.version=\"$version\""
  rm -rf "$root"
  log "built $POSTGRES_IMAGE ($source)"
}

build_redis
build_postgres
echo "$REDIS_IMAGE"
echo "$POSTGRES_IMAGE"
