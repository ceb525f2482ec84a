#!/usr/bin/env bash
# The steps of Almanac's GitHub Action that are not other actions, runnable on any machine:
#   action/run.sh check   check the brand: annotations on stdout, SARIF in $ALMANAC_SARIF
#   action/run.sh build   build dist/ (site, feeds, visuals, bundles)
# Environment: ALMANAC_BASE (a git ref; only what changed since it is checked, the whole
# calendar still counts), ALMANAC_SARIF (default almanac.sarif), ALMANAC_FORMAT (default github),
# ALMANAC_TODAY (the day date-relative checks count from, default the clock's),
# ALMANAC (the command, default almanac).
set -euo pipefail

almanac=${ALMANAC:-almanac}
sarif=${ALMANAC_SARIF:-almanac.sarif}
since=()
if [[ -n "${ALMANAC_BASE:-}" ]]; then
  since=(--since "$ALMANAC_BASE")
fi
today=()
if [[ -n "${ALMANAC_TODAY:-}" ]]; then
  today=(--today "$ALMANAC_TODAY")
fi

case "${1:-}" in
  check)
    # SARIF first, whatever its findings: code scanning shows them even when the check fails.
    status=0
    $almanac check "${since[@]}" "${today[@]}" --format sarif >"$sarif" || status=$?
    if [[ $status -ge 2 ]]; then
      exit "$status"
    fi
    $almanac check "${since[@]}" "${today[@]}" --format "${ALMANAC_FORMAT:-github}"
    ;;
  build)
    $almanac build "${today[@]}"
    ;;
  *)
    echo "usage: action/run.sh check|build" >&2
    exit 2
    ;;
esac
