# Sourced by the other scripts: where the pinned tools live, on PATH first.
TOOLS_DIR="${TOOLS_DIR:-$HOME/.cache/patterns-live/tools}"
export TOOLS_DIR
export PATH="$TOOLS_DIR/bin:$HOME/.cargo/bin:$PATH"

# The release build users get: WebAssembly split so each lazy island is a
# file of its own (pages without the demo panel never fetch it), and every
# asset precompressed with gzip and brotli at their best levels (served as
# is, never compressed per request).
build_release() {
  cargo leptos build --release --precompress --split
}

# The release site and the `bench` load generator, built apart: built in one
# cargo call, the server would get bench's crate features and cargo-leptos'
# compiled-in asset names would be lost.
build_release_and_bench() {
  build_release
  cargo build --release -p bench
}
