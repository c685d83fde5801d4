# Sourced by scripts/build.sh and scripts/test.sh: makes sure the project's
# virtual environment .venv/ exists and holds the package with the extras asked
# for ("" or "test"), then puts .venv/bin first on PATH.
#
# Debian's own python3 refuses `pip install` outside a virtual environment
# (PEP 668), so nothing is ever installed into the system Python. Running the
# command again reuses .venv/: pip runs only when pyproject.toml changed or
# new extras are asked for.
# shellcheck shell=bash

obs_venv() {
  local extras="$1" python="${PYTHON:-python3}" venv=".venv"
  local stamp="$venv/.observatoire-installed"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    command -v "$python" >/dev/null 2>&1 || {
      echo "Python 3.11 ou plus est nécessaire : sudo apt-get install python3 python3-venv" >&2
      return 1
    }
    rm -rf "$venv"
    if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
      rm -rf "$venv"
      # Debian ships venv's pip bootstrap apart, in python3-venv.
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installation de python3-venv (Debian)…" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        "$python" -m venv "$venv" || return 1
      else
        echo "Il manque le module venv de Python : sudo apt-get install python3-venv (puis relancez)" >&2
        return 1
      fi
    fi
  fi
  # What is installed: one line, pyproject.toml's digest then the extras.
  local digest installed=""
  digest="$("$venv/bin/python" -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())')"
  [ -f "$stamp" ] && installed="$(cat "$stamp")"
  # The test extras include everything the build needs.
  if [ "$installed" != "$digest${extras:+ $extras}" ] && [ "$installed" != "$digest test" ]; then
    echo "Installation des paquets Python dans .venv/…" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e ".${extras:+[$extras]}" || return 1
    echo "$digest${extras:+ $extras}" > "$stamp"
  fi
  export PATH="$PWD/$venv/bin:$PATH" VIRTUAL_ENV="$PWD/$venv"
  export NO_MKDOCS_2_WARNING=1
}
