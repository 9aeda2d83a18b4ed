# Start a two-node Ray cluster on this machine for the ray engine's test (a head and one worker node, one CPU
# each) and stop exactly that cluster. Exports EVENTWIRE_RAY_ADDRESS and EVENTWIRE_REQUIRE_RAY=1.
#
# The nodes run the venv's `ray` and their workers import eventwire from it, so start_ray installs the venv
# first (a no-op when `make test` did already). Each node is `ray start --block` in its own session, stopped
# by its own pid and process group: plain `ray stop` would stop every Ray process on the machine.
# Usage statistics are off (Ray would report them over the internet), and a token kept in the cluster's
# temporary folder, not in ~/.ray, authenticates the nodes and the tests. Note: Ray turns
# --node-ip-address=127.0.0.1 into this machine's own address and listens on all interfaces; the nodes
# and the tests talk only to that address, so nothing leaves the machine.

RAY_BIN=.venv/bin/ray

_ray_node() {  # _ray_node NAME ARGS...: start one node in the background, wait until it runs, echo its pid
    local name=$1 pid
    shift
    setsid "$RAY_BIN" start --block --disable-usage-stats --num-cpus=1 "$@" >"$RAY_TMP/$name.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do
        if grep -q "Ray runtime started" "$RAY_TMP/$name.log" 2>/dev/null; then
            echo "$pid"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            break
        fi
        sleep 0.5
    done
    echo "Ray $name node did not start:" >&2
    cat "$RAY_TMP/$name.log" >&2
    kill -KILL -- "-$pid" 2>/dev/null || true
    return 1
}

start_ray() {
    local port
    make --no-print-directory .venv/.installed-dev
    export RAY_USAGE_STATS_ENABLED=0 RAY_AUTH_MODE=token
    RAY_TMP=$(mktemp -d /tmp/eventwire-ray.XXXXXX)
    export RAY_TMP RAY_AUTH_TOKEN_PATH="$RAY_TMP/auth_token"
    (umask 077 && python3 -c 'import secrets; print(secrets.token_hex(32), end="")' >"$RAY_AUTH_TOKEN_PATH")
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    local node=(--object-store-memory=$((512 * 1024 * 1024)) --temp-dir="$RAY_TMP")
    RAY_HEAD_PID=$(_ray_node head --head --node-ip-address=127.0.0.1 --port="$port" --include-dashboard=false \
        "${node[@]}")
    RAY_WORKER_PID=$(_ray_node worker --address="127.0.0.1:$port" "${node[@]}")
    export RAY_HEAD_PID RAY_WORKER_PID
    export EVENTWIRE_RAY_ADDRESS="127.0.0.1:$port" EVENTWIRE_REQUIRE_RAY=1
    echo "Ray $("$RAY_BIN" --version | awk '{print $3}') cluster at $EVENTWIRE_RAY_ADDRESS" \
        "(head pid $RAY_HEAD_PID, worker pid $RAY_WORKER_PID)"
}

_stop_ray_node() {  # SIGTERM lets `ray start --block` stop its node's processes; its process group is the fallback
    local pid=$1
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
}

stop_ray() {
    _stop_ray_node "${RAY_WORKER_PID:-}"
    _stop_ray_node "${RAY_HEAD_PID:-}"
    [ -n "${RAY_TMP:-}" ] && rm -rf "$RAY_TMP"
    return 0
}
