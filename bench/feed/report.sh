#!/usr/bin/env bash
# report.sh DIR: turns DIR/results.tsv (written by run.sh) into DIR/results.md
# (seconds and peak MiB per receiver, bgpd's ratio to each) and, when gnuplot
# is installed, DIR/feed.png (time per scenario and receiver, log scale).
set -euo pipefail
DIR="${1:?usage: report.sh RESULTS_DIR}"
TSV="$DIR/results.tsv"
[[ -f "$TSV" ]] || { echo "no $TSV" >&2; exit 2; }

awk -F'\t' '
  /^#/ { sub(/^# /, ""); header = header $0 "  \n"; next }
  {
    key = $1 SUBSEP $2
    if (!($1 in seen_sc)) { seen_sc[$1] = 1; scs[++nsc] = $1 }
    t[key] = $3; m[key] = $4; st[key] = $5; det[key] = $6; cpu[key] = ($7 == "" ? "-" : $7)
    rows[$1] = rows[$1] SUBSEP $2
  }
  function ratio(a, b) { return (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) ? sprintf("%.2f", a / b) : "–" }
  END {
    printf "%s\n", header
    print "| scenario | receiver | time (s) | peak RSS (MiB) | CPU (s) | bgpd time ÷ this | bgpd RSS ÷ this | bgpd CPU ÷ this | note |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---|"
    for (i = 1; i <= nsc; i++) {
      sc = scs[i]; n = split(rows[sc], rs, SUBSEP)
      bt = t[sc SUBSEP "bgpd"]; bm = m[sc SUBSEP "bgpd"]; bc = cpu[sc SUBSEP "bgpd"]
      for (j = 2; j <= n; j++) {
        r = rs[j]; k = sc SUBSEP r
        note = (st[k] == "ok") ? "" : st[k] " " det[k]
        if (r == "floor") note = det[k]
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", sc, r, t[k], m[k], cpu[k], \
          (r == "bgpd" ? "1.00" : ratio(bt, t[k])), (r == "bgpd" || r == "floor" ? (r == "bgpd" ? "1.00" : "–") : ratio(bm, m[k])), \
          (r == "bgpd" ? "1.00" : ratio(bc, cpu[k])), note
      }
    }
  }' "$TSV" >"$DIR/results.md"
cat "$DIR/results.md"

command -v gnuplot >/dev/null || { echo "gnuplot not installed: no chart" >&2; exit 0; }
# One row per scenario, one column per receiver (time in s; missing = NaN).
awk -F'\t' '
  /^#/ { next }
  { if (!($1 in s)) { s[$1] = 1; sc[++ns] = $1 }
    if (!($2 in r)) { r[$2] = 1; rc[++nr] = $2 }
    v[$1 SUBSEP $2] = ($3 ~ /^[0-9.]+$/) ? $3 : "NaN" }
  END {
    printf "scenario"; for (j = 1; j <= nr; j++) printf "\t%s", rc[j]; printf "\n"
    for (i = 1; i <= ns; i++) {
      printf "%s", sc[i]
      for (j = 1; j <= nr; j++) { k = sc[i] SUBSEP rc[j]; printf "\t%s", (k in v) ? v[k] : "NaN" }
      printf "\n"
    }
  }' "$TSV" >"$DIR/chart.dat"
columns=$(head -1 "$DIR/chart.dat" | awk -F'\t' '{print NF}')
# The log axis starts at half the smallest time measured: a fixed floor hides
# every bar of a small (smoke) feed and gnuplot then refuses to plot at all.
ymin=$(awk -F'\t' 'NR > 1 { for (i = 2; i <= NF; i++) if ($i != "NaN" && $i > 0 && (m == "" || $i < m)) m = $i }
                   END { print (m == "" ? 0.001 : m / 2) }' "$DIR/chart.dat")
gnuplot <<EOT
set terminal pngcairo size 1000,520 font "sans,10"
set output "$DIR/feed.png"
set datafile separator "\t"
set datafile missing "NaN"
set title "Feed benchmark: first UPDATE byte to all prefixes accepted (lower is better)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y
set ylabel "seconds (log scale)"
set grid ytics
set key top left
set yrange [$ymin:*]
plot for [i=2:$columns] "$DIR/chart.dat" using i:xtic(1) title columnheader(i)
EOT
echo "chart: $DIR/feed.png"
