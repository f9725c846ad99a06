#!/usr/bin/env bash
# Renders every DOCX of a reports folder to PDF (LibreOffice) and PNG pages (pdftoppm), to
# look at the documents as the school office will print them.
#
#   scripts/render-docs.sh BAO_CAO_DIR [OUT_DIR]
#
# BAO_CAO_DIR is a workspace's bao-cao/ (or any folder holding .docx files, searched
# recursively); OUT_DIR defaults to BAO_CAO_DIR/_render. Each FILE.docx of <unit>/ gives
# OUT_DIR/<unit>/FILE.pdf and OUT_DIR/<unit>/FILE-<page>.png (70 dpi).
#
# Needs: apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils fonts-liberation2
# (Liberation Serif stands in for Times New Roman, with the same metrics.)
#
# Write the documents first: `mtcl run samples/co-khi-2021-2022` fills its bao-cao/.
set -euo pipefail

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 BAO_CAO_DIR [OUT_DIR]" >&2
    exit 2
fi
src=$(cd "$1" && pwd)
out=${2:-$src/_render}
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null || { echo "$tool not found (see the header of $0)" >&2; exit 2; }
done
mkdir -p "$out"
# A private LibreOffice profile: no clash with a running instance, no state left behind.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

n=0
while IFS= read -r -d '' docx; do
    rel=${docx#"$src"/}
    sub=$(dirname "$rel")
    name=$(basename "$docx" .docx)
    dest="$out/$sub"
    mkdir -p "$dest"
    soffice -env:UserInstallation=file://"$profile" --headless --convert-to pdf \
        --outdir "$dest" "$docx" >/dev/null 2>&1
    rm -f "$dest/$name"-*.png
    pdftoppm -r 70 -png "$dest/$name.pdf" "$dest/$name"
    pages=$(find "$dest" -maxdepth 1 -name "$name-*.png" | wc -l)
    echo "$sub/$name.docx: $pages page(s) -> $dest/$name.pdf"
    n=$((n + 1))
done < <(find "$src" -name '*.docx' -not -path "$out/*" -not -name '~$*' -print0 | sort -z)

if [ "$n" -eq 0 ]; then
    echo "no .docx under $src" >&2
    exit 1
fi
