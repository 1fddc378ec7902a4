#!/usr/bin/env bash
# Tesseract (with the six languages mailroom reads) through apt when missing, and Chromium with
# its driver for the add-on preview's browser test.
# Without root or apt it says what to install and carries on: everything but OCR still works.
set -euo pipefail

packages=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra
          tesseract-ocr-ron tesseract-ocr-pol tesseract-ocr-nld chromium chromium-driver)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
  echo "mailroom: please install Tesseract OCR with languages eng deu fra ron pol nld (no apt-get here)." >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "mailroom: run as root or install: ${missing[*]}" >&2; exit 0
  fi
fi
echo "mailroom: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
