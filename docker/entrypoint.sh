#!/bin/sh
# Entry points of the image: serve | worker [-Q ocr,post] [--concurrency N] | migrate | any sanchika command.
set -eu
role="${1:-serve}"
[ $# -gt 0 ] && shift
case "$role" in
  serve)   exec sanchika serve --host 0.0.0.0 --port "${SANCHIKA_PORT:-8000}" "$@" ;;
  worker)  exec sanchika worker "$@" ;;
  migrate) exec sanchika db upgrade "$@" ;;
  *)       exec sanchika "$role" "$@" ;;
esac
