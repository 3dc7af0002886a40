# Shared by the benchmark scripts (sourced, not run): the release binary in $MOTCUA (built when unset),
# a scratch directory $work removed on exit, and `median` of three numbers on stdin.
if [ -z "${MOTCUA:-}" ]; then
    swift build -c release --product motcua >/dev/null
    MOTCUA=.build/release/motcua
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -g | sed -n 2p; }
