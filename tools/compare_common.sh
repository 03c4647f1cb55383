# The scaffold tools/compare_corpora.sh and tools/compare_transformer.sh share (sourced by them, not run): their
# common options, publishing the tool, a fresh prepared dataset per corpus and the wall time of a command.
# Before sourcing, a script sets `script` (its name, for messages), `help_lines` (the sed range of its header comment)
# and `work` (its default work folder); its own options go to a function `own_option "$@"` it may define, which sets
# `shifted` to the arguments it took and returns 0, or returns 1 for an argument it does not know.

# compare_parse "$@": --dl4m PATH, --work DIR, --count K, --notes N, --threads T, -h/--help and the NAME=DIR corpora
# (at least one) into dl4m, work, count, notes, threads and the array corpora; makes the work folder.
compare_parse() {
    dl4m="" count=30 notes=300 threads=$(nproc)
    corpora=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --dl4m) dl4m=$2; shift 2 ;;
            --work) work=$2; shift 2 ;;
            --count) count=$2; shift 2 ;;
            --notes) notes=$2; shift 2 ;;
            --threads) threads=$2; shift 2 ;;
            -h|--help) sed -n "${help_lines}p" "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
            *=*) corpora+=("$1"); shift ;;
            *)
                if declare -F own_option >/dev/null && own_option "$@"; then shift "$shifted"
                else echo "$script: unknown argument '$1' (see --help)" >&2; exit 2
                fi ;;
        esac
    done
    [ "${#corpora[@]}" -gt 0 ] || { echo "$script: name at least one corpus as NAME=DIR" >&2; exit 2; }
    mkdir -p "$work"
}

# compare_publish: without --dl4m, publishes the tool from this checkout into WORK/dl4m and points dl4m at it.
compare_publish() {
    if [ -z "$dl4m" ]; then
        echo "== publishing dl4m" >&2
        dotnet publish src/Dl4m.Cli -c Release -r linux-x64 --self-contained false -o "$work/dl4m" -v quiet -nologo >/dev/null
        dl4m=$work/dl4m/dl4m
    fi
}

# compare_prepare NAME=DIR: sets name, dir and w (= WORK/NAME, emptied) and prepares DIR into w/data (w/prepare.json).
compare_prepare() {
    name=${1%%=*} dir=${1#*=}
    w=$work/$name
    rm -rf "$w" && mkdir -p "$w"
    echo "== $name: prepare $dir" >&2
    "$dl4m" prepare "$dir" --out "$w/data" --json >"$w/prepare.json"
}

# compare_timed FILE COMMAND...: runs COMMAND (its output goes where the call's goes) and writes its wall time in ms to FILE.
compare_timed() {
    local file=$1 start end
    shift
    start=$(date +%s%N)
    "$@"
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 )) >"$file"
}
