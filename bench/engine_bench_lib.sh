# shellcheck shell=bash
# What the engine benchmarks (engine_calls.sh, engine_start_time.sh,
# cri_start_time.sh) share: the wrapper binary they measure and the profile
# they start containers with. Sourced from the checkout's root.

# bench_runtime [BUILD_FLAG...]: sets $runtime to the seccompc-runtime to
# measure: SECCOMPC_BENCH_RUNTIME when set (another build, say an older
# commit's, for before/after), else this checkout's, built -c opt with the
# given extra flags.
# shellcheck disable=SC2034  # runtime and profile are for the caller
bench_runtime() {
  if [[ -n ${SECCOMPC_BENCH_RUNTIME:-} ]]; then
    runtime=$(realpath "$SECCOMPC_BENCH_RUNTIME")
  else
    bazel build -c opt "$@" //runtime:seccompc-runtime >/dev/null 2>&1
    runtime=$(realpath bazel-bin/runtime/seccompc-runtime)
  fi
}

# bench_profile: sets $profile to Docker's current default profile
# (moby-default.json in SECCOMPC_REALWORLD_DIR), else profiles/default.json.
# shellcheck disable=SC2034
bench_profile() {
  profile=$(realpath "${SECCOMPC_REALWORLD_DIR:-../shared/realworld}/moby-default.json" 2>/dev/null ||
    realpath profiles/default.json)
}
