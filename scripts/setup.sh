# Sourced by scripts/demo, scripts/test and bench/run: installs what is missing (Debian 12
# packages) and builds chainrule with meson into build/.
set -euo pipefail

chainrule_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The packages chainrule builds and tests with. The Jupyter kernel: xeus-dev (xeus 2.4) and what its
# headers include (cppzmq over libzmq, nlohmann-json); its tests drive it with Debian's jupyter_client,
# and tests/notebooks executes notebooks/ with Debian's nbconvert (nbclient, nbformat).
chainrule_packages=(g++ meson ninja-build pkg-config libginac-dev libcln-dev libboost-test-dev libedit-dev libtcc-dev libssl-dev libflint-arb-dev libgraphviz-dev libopenblas-dev
                    xeus-dev cppzmq-dev libzmq3-dev nlohmann-json3-dev python3-jupyter-client
                    jupyter-nbconvert python3-nbconvert python3-nbclient python3-nbformat)

# What the fuzz build (scripts/fuzz, -Dfuzz=true) needs besides: clang with libFuzzer and the
# sanitizer runtimes.
chainrule_fuzz_packages=(clang libclang-rt-dev)

# ensure_packages PKG...: installs those of PKG that are not installed yet.
ensure_packages() {
    local missing=()
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    echo "chainrule: installing ${missing[*]}" >&2
    "${sudo[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# build_chainrule: configures build/ once (release, warnings as errors) and builds everything.
build_chainrule() {
    ensure_packages "${chainrule_packages[@]}"
    cd "$chainrule_root"
    if [ ! -f build/build.ninja ]; then
        meson setup build --buildtype=release >&2
    fi
    ninja -C build >&2
}

# build_chainrule_fuzz: configures build-fuzz/ once (clang, -Dfuzz=true: every library with
# AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer's coverage) and builds the fuzz
# targets, on at most two processors.
build_chainrule_fuzz() {
    ensure_packages "${chainrule_packages[@]}" "${chainrule_fuzz_packages[@]}"
    cd "$chainrule_root"
    if [ ! -f build-fuzz/build.ninja ]; then
        CXX=clang++ meson setup build-fuzz -Dfuzz=true --buildtype=debugoptimized -Dwerror=false >&2
    fi
    ninja -C build-fuzz -j "${CHAINRULE_FUZZ_JOBS:-2}" >&2
}

# build_chainrule_sanitized: configures build-sanitize/ once (-Dsanitize=true: everything with
# AddressSanitizer and UndefinedBehaviorSanitizer, gcc, -O1 with line tables) and
# builds everything.
build_chainrule_sanitized() {
    ensure_packages "${chainrule_packages[@]}"
    cd "$chainrule_root"
    if [ ! -f build-sanitize/build.ninja ]; then
        meson setup build-sanitize -Dsanitize=true --buildtype=plain >&2
    fi
    ninja -C build-sanitize >&2
}
