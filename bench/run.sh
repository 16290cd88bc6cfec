#!/bin/sh
# One command for the whole benchmark: bench/run.sh [--100k] [--sizes 1k,10k] ...
# (all options: bench/run.sh --help; method and results: bench/README.md).
exec python3 "$(dirname "$0")/run.py" "$@"
