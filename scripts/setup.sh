#!/usr/bin/env bash
# Set up everything CouncilStat needs, on a fresh machine or an old one. Idempotent:
# a second run checks and does nothing more.
#   - system packages from apt, only those missing: Python's venv; Chromium with libatomic1 for
#     the browser tests (Playwright drives Debian's Chromium; it never downloads one); Liberation
#     Sans, metric-compatible with Arial, in which the PDF reports and charts are set (Typst,
#     which writes them, is a Python package and needs no system library);
#   - .venv/ in the repository with the pinned Python requirements and the package itself.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(python3-venv chromium libatomic1 fonts-liberation2)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  # python3-venv is only needed when this Python's own venv module is missing.
  if [ "${missing[*]}" = "python3-venv" ] && python3 -c "import ensurepip, venv" 2>/dev/null; then
    missing=()
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv"
  python3 -m venv .venv
fi

# Reinstall only when the requirements or the package metadata change.
stamp=.venv/.councilstat-installed
wanted=$(cat requirements.txt requirements-dev.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  echo "Installing Python requirements into .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt 2>&1 \
    | grep -v "is ignored: it is neither a file nor a directory" || true
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e . 2>&1 \
    | grep -v "is ignored: it is neither a file nor a directory" || true
  .venv/bin/python -c "import councilstat, typer, openpyxl, jinja2, django, docx, typst, pytest"
  echo "$wanted" > "$stamp"
fi
