#!/bin/sh
# The long form of StressTest (issue 10): 32 clients mixing uploads, pushes to shared tags, pulls,
# deletes and listings, with garbage collection every 3 s and no grace period, for SECONDS
# (default 600), then the same checks as in `mvn verify`: no answer >= 500, every tag resolves to
# its last acknowledged digest, every referenced blob hashes to its digest.
#   flock /tmp/berth-mvn.lock bench/stress.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
exec mvn -B -q test -Dtest=StressTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dberth.stress.seconds="${1:-600}"
