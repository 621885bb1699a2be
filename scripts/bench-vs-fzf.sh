#!/usr/bin/env bash
# Whole-process search time: `lexicon search Q --content DIR` against its real floor,
# `git status --porcelain` on the same folder (a stat of every file, which lexicon must do to
# know its cache is current), and against `fzf --filter Q` over the same entries' titles and
# aliases (no check of any file), run alternately, with the page cache warm.
#
#   scripts/bench-vs-fzf.sh                       # 30,000 entries, query "recovery", 5 runs each
#   N=1000 RUNS=10 QUERY=token scripts/bench-vs-fzf.sh
#
# lexicon runs with a warm parsed cache (`--cache-dir`, written by the untimed warm-up run), as
# every start after the first does on an unchanged folder.
#
# Settings (environment): N entries (30000), SEED (1), QUERY (recovery), RUNS (5) timed runs of
# each tool, WARMUP (1) untimed runs of each first, CORPUS (target/bench-corpus/N), CACHE
# (CORPUS.cache, lexicon's cache folder), and
# LEXICON_TIMEOUT: seconds after which a lexicon run is stopped and counted as "at least that
# long" (0, the default, waits for it).
#
# It installs fzf (and hyperfine, used for a second opinion when HYPERFINE=1) with apt-get when
# they are missing, builds lexicon in release mode, generates the corpus with
# `examples/gen_corpus.rs`, commits it to a git repository inside the corpus folder (once;
# lexicon reads only terms/ and journeys/), writes one line per title and alias for fzf, then
# prints each run, the medians and both ratios: lexicon / git status (the goal is 1.0 or
# less) and lexicon / fzf.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-30000}
SEED=${SEED:-1}
QUERY=${QUERY:-recovery}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
CORPUS=${CORPUS:-target/bench-corpus/$N}
CACHE=${CACHE:-$CORPUS.cache}
LEXICON_TIMEOUT=${LEXICON_TIMEOUT:-0}
HYPERFINE=${HYPERFINE:-0}

missing=()
command -v fzf >/dev/null 2>&1 || missing+=(fzf)
if [ "$HYPERFINE" = 1 ]; then
  command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} with apt-get"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

echo "== building"
cargo build --release --quiet --bin lexicon --example gen_corpus
lexicon=target/release/lexicon

echo "== generating $N entries (seed $SEED) in $CORPUS"
mkdir -p "$CORPUS"
target/release/examples/gen_corpus "$N" "$CORPUS" "$SEED"
# lexicon writes no cache while a file is younger than its racy window (2 s).
sleep 2

list="$CORPUS.titles-and-aliases.txt"
# One line per title and per alias, read straight from the YAML the generator wrote.
find "$CORPUS/terms" -name '*.yaml' -print0 | sort -z | xargs -0 awk '
  FNR == 1 { in_aliases = 0 }
  /^title: / { s = $0; sub(/^title: /, "", s); gsub(/^"|"$/, "", s); print s; next }
  /^aliases:/ { in_aliases = 1; next }
  in_aliases && /^  - / { s = $0; sub(/^  - /, "", s); gsub(/^"|"$/, "", s); print s; next }
  { in_aliases = 0 }
' >"$list"
echo "   $(wc -l <"$list") lines for fzf in $list"

# The corpus as a git repository, every file committed, so `git status` stats every file.
git_in() { git -C "$CORPUS" -c user.name=bench -c user.email=bench@localhost "$@"; }
if [ ! -d "$CORPUS/.git" ]; then
  echo "== committing the corpus to git (once)"
  git_in init -q
fi
git_in add -A terms journeys
git_in commit -q -m corpus >/dev/null 2>&1 || true

out="$CORPUS.search-output"
now() { date +%s%N; }

# Runs a command with output discarded; prints its wall time in seconds, or ">T" on timeout.
time_lexicon() {
  local start end status=0
  start=$(now)
  if [ "$LEXICON_TIMEOUT" != 0 ]; then
    timeout "$LEXICON_TIMEOUT" "$lexicon" search "$QUERY" --content "$CORPUS" --cache-dir "$CACHE" >"$out.lexicon" || status=$?
  else
    "$lexicon" search "$QUERY" --content "$CORPUS" --cache-dir "$CACHE" >"$out.lexicon" || status=$?
  fi
  end=$(now)
  if [ "$status" = 124 ]; then
    echo ">$LEXICON_TIMEOUT"
  elif [ "$status" != 0 ]; then
    echo "lexicon search failed with status $status" >&2
    exit 1
  else
    awk -v ns=$((end - start)) 'BEGIN { printf "%.4f\n", ns / 1e9 }'
  fi
}

time_git() {
  local start end
  start=$(now)
  git -C "$CORPUS" status --porcelain >"$out.git"
  end=$(now)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.4f\n", ns / 1e9 }'
}

time_fzf() {
  local start end
  start=$(now)
  fzf --filter "$QUERY" <"$list" >"$out.fzf" || true # exit 1 means no match, still timed
  end=$(now)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.4f\n", ns / 1e9 }'
}

for _ in $(seq 1 "$WARMUP"); do
  time_lexicon >/dev/null
  time_git >/dev/null
  time_fzf >/dev/null
done

lexicon_times=()
git_times=()
fzf_times=()
echo "== $RUNS runs each, alternating (seconds)"
printf '%5s %12s %12s %12s\n' run lexicon "git status" fzf
for i in $(seq 1 "$RUNS"); do
  l=$(time_lexicon)
  g=$(time_git)
  f=$(time_fzf)
  lexicon_times+=("$l")
  git_times+=("$g")
  fzf_times+=("$f")
  printf '%5s %12s %12s %12s\n' "$i" "$l" "$g" "$f"
done

# Median of the given numbers; a ">T" (timed out) value counts as T and marks the result.
median() {
  printf '%s\n' "$@" | tr -d '>' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
lm=$(median "${lexicon_times[@]}")
gm=$(median "${git_times[@]}")
fm=$(median "${fzf_times[@]}")
bound=""
case " ${lexicon_times[*]}" in *" >"*) bound="at least " ;; esac
echo "== best matches: lexicon: $(head -3 "$out.lexicon" | cut -f2 | paste -sd '|'); fzf: $(head -3 "$out.fzf" | paste -sd '|')"
echo "== medians: lexicon ${bound}${lm} s, git status ${gm} s, fzf ${fm} s"
awk -v l="$lm" -v g="$gm" -v f="$fm" -v b="$bound" 'BEGIN {
  r = l / g
  printf "== ratio lexicon / git status: %s%.2f (goal: 1.0 or less) -> %s\n", b, r, (r <= 1 && b == "") ? "met" : "not met"
  printf "== ratio lexicon / fzf: %s%.1f (fzf checks no file, so it is no floor)\n", b, l / f
}'

if [ "$HYPERFINE" = 1 ]; then
  echo "== hyperfine (not alternating; a second opinion)"
  hyperfine --warmup "$WARMUP" --runs "$RUNS" \
    "$lexicon search '$QUERY' --content '$CORPUS' --cache-dir '$CACHE' >/dev/null" \
    "fzf --filter '$QUERY' <'$list' >/dev/null" 2>&1 | sed 's/^/   /' || true
fi
