#!/usr/bin/env bash
# Validates every DOCX and XLSX that `mtcl run` and `mtcl plan` write for both sample
# workspaces against the ECMA-376 schemas (Office 2016) with an independent validator,
# openxml-audit. Any finding fails: Word drops what LibreOffice forgives.
#
#   scripts/validate-ooxml.sh [MTCL_BINARY]
#
# Needs: python3 -m pip install openxml-audit. MTCL_BINARY defaults to target/debug/mtcl
# (built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/mtcl}
[ -x "$bin" ] || cargo build --locked --quiet
python3 -m openxml_audit --help >/dev/null 2>&1 || {
    echo "openxml-audit not found: python3 -m pip install openxml-audit" >&2
    exit 2
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
checked=0
for sample in samples/co-khi-2021-2022 samples/truong-2019; do
    name=$(basename "$sample")
    cp -r "$sample" "$work/$name"
    # run exits 1 when a sample holds data errors on purpose; only 2 (cannot run) is fatal.
    "$bin" -q run "$work/$name" || [ $? -eq 1 ]
    "$bin" -q plan "$work/$name"
    while IFS= read -r -d '' f; do
        checked=$((checked + 1))
        if ! out=$(python3 -m openxml_audit -m 0 --format office2016 "$f" 2>&1) \
            || ! grep -q "^Errors: 0$" <<<"$out"; then
            echo "INVALID ${f#"$work"/}" >&2
            echo "$out" | head -40 >&2
            failed=$((failed + 1))
        else
            echo "valid   ${f#"$work"/}"
        fi
    done < <(find "$work/$name/bao-cao" \( -name '*.docx' -o -name '*.xlsx' \) -print0 | sort -z)
done
echo "$checked file(s) checked, $failed invalid"
[ "$checked" -gt 0 ] && [ "$failed" -eq 0 ]
