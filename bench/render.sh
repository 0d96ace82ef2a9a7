#!/usr/bin/env bash
# Content rendering against mdBook: the time to render the whole guide
# (parse, include, highlight, draw the diagrams, build the search index,
# write the pages) with `server render-content`, against `mdbook build` of the
# same markdown; then the same on a synthetic corpus ten times the size, to
# show how each scales. hyperfine times both, with warm-up runs.
#
#   bash bench/render.sh          # RUNS=10 (per command and corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
source scripts/env.sh
bash scripts/install-tools.sh
bash bench/install-bench-tools.sh
runs="${RUNS:-10}"
[ "${SKIP_BUILD:-}" = 1 ] || build_release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# make_corpus <dir> <copies>: <dir>/content holds <copies> copies of every page
# (the first copy as it is, the others under new slugs) and <dir>/book is an
# mdBook over the same markdown. Both reach the included source files through
# a link to server/, as content/ does.
make_corpus() {
  local dir=$1 copies=$2
  mkdir -p "$dir/content" "$dir/book/src"
  ln -s "$repo/server" "$dir/server"
  ln -s "$repo/server" "$dir/book/server"
  printf '[book]\ntitle = "Patterns Live"\n[output.html]\n' >"$dir/book/book.toml"
  echo "# Summary" >"$dir/book/src/SUMMARY.md"
  for copy in $(seq 0 $((copies - 1))); do
    for file in content/*.md; do
      local name; name=$(basename "$file" .md)
      local slug=$name order_prefix=""
      [ "$copy" = 0 ] || { slug="$name-$copy"; order_prefix=$copy; }
      sed -e "s/^slug = \"$name\"/slug = \"$slug\"/" -e "s/^order = \([0-9]*\)/order = $order_prefix\1/" "$file" >"$dir/content/$slug.md"
      # mdBook has no front matter: the title becomes the page's heading.
      local title; title=$(sed -n 's/^title = "\(.*\)"/\1/p' "$file" | head -1)
      { echo "# $title"; echo; awk 'NR==1 && /^\+\+\+/ {skip=1; next} skip && /^\+\+\+/ {skip=0; next} !skip' "$file"; } >"$dir/book/src/$slug.md"
      echo "- [$title]($slug.md)" >>"$dir/book/src/SUMMARY.md"
    done
  done
}

echo "Machine: $(nproc) cores, $(uname -m), $(date -u +%Y-%m-%d); mdBook: $(mdbook --version)"
for copies in 1 10; do
  dir="$work/x$copies"
  make_corpus "$dir" "$copies"
  pages=$(ls "$dir/content" | wc -l); bytes=$(cat "$dir"/content/*.md | wc -c)
  echo
  echo "### Corpus ×$copies: $pages pages, $bytes bytes of markdown"
  echo
  # Both outputs go to fresh folders each run.
  hyperfine --style none --warmup 2 --runs "$runs" --export-markdown "$dir/table.md" \
    --prepare "rm -rf $dir/out $dir/book/book" \
    -n "patterns-live render-content" "CONTENT_DIR=$dir/content RUST_LOG=warn $repo/target/release/server render-content --out $dir/out" \
    -n "mdbook build" "mdbook build $dir/book" >/dev/null
  cat "$dir/table.md"
done
