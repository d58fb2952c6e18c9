# Shared by scripts/run and scripts/test: system packages and the Python environment.
# Sourced, not run. It installs only what is missing, so a second run is quick.

KIOSK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KIOSK_VENV="$KIOSK_ROOT/.venv"

# libvlc with its plugins (vmem, avcodec, swscale, adummy), the plugin cache tool, and the
# system libraries that Qt's xcb platform plugin loads but a fresh Debian lacks.
KIOSK_RUN_PACKAGES=(
  libvlc5 vlc-plugin-base libvlc-bin
  libxcb-cursor0 libxcb-icccm4 libxkbcommon-x11-0 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1
  libegl1 libgl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core
)
# Tests also make clips, run a virtual screen, and move the clock in end-to-end tests. The
# playback benchmark's native peer draws with libvlc's own X11 output (vlc-plugin-video-output).
KIOSK_TEST_PACKAGES=(ffmpeg xvfb faketime xdotool imagemagick vlc-plugin-video-output)

kiosk_say() { printf 'kiosk: %s\n' "$*" >&2; }

kiosk_is_debian_like() {
  [ -r /etc/os-release ] || return 1
  # shellcheck disable=SC1091
  . /etc/os-release
  case " ${ID:-} ${ID_LIKE:-} " in *" debian "*|*" ubuntu "*) return 0 ;; esac
  return 1
}

kiosk_missing_debian_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s ' "$pkg"
  done
}

# Install the given Debian packages when missing; elsewhere, name what to install and stop.
kiosk_ensure_system_packages() {
  case "$(uname -s)" in
    Darwin)
      if [ ! -d /Applications/VLC.app ]; then
        kiosk_say "VLC is missing: install it with 'brew install --cask vlc' (it provides libvlc), then run this again."
        exit 1
      fi
      return 0 ;;
    MINGW*|MSYS*|CYGWIN*)
      kiosk_say "On Windows, install VLC 3 (64-bit) from the VLC installer so libvlc.dll is available, then run this again."
      return 0 ;;
  esac
  if ! kiosk_is_debian_like; then
    if ! python3 -c 'import ctypes.util, sys; sys.exit(ctypes.util.find_library("vlc") is None)'; then
      kiosk_say "libvlc is missing: install your distribution's libvlc and VLC plugin packages (Fedora: 'dnf install vlc-libs vlc-plugins-base xcb-util-cursor'; Arch: 'pacman -S vlc xcb-util-cursor'), then run this again."
      exit 1
    fi
    return 0
  fi
  local missing
  missing="$(kiosk_missing_debian_packages "$@")"
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    kiosk_say "These system packages are missing: run 'sudo apt-get install ${missing% }', then run this again."
    exit 1
  fi
  kiosk_say "installing system packages: ${missing% }"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# Create .venv when missing and (re)install the package editable when pyproject.toml changed.
kiosk_ensure_venv() {
  local extras="$1" python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    kiosk_say "Python 3.11 or newer is needed: install it (Debian/Ubuntu: 'apt-get install python3 python3-venv'), then run this again."
    exit 1
  fi
  if [ ! -x "$KIOSK_VENV/bin/python" ]; then
    kiosk_say "creating the Python environment in .venv"
    "$python" -m venv "$KIOSK_VENV" || {
      kiosk_say "Could not create .venv: install the venv module (Debian/Ubuntu: 'apt-get install python3-venv'), then run this again."
      exit 1
    }
  fi
  local stamp="$KIOSK_VENV/.kiosk-installed-$extras"
  local want
  want="$(cat "$KIOSK_ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    kiosk_say "installing Kiosk Clips into .venv"
    local spec="$KIOSK_ROOT"
    [ "$extras" != "run" ] && spec="$KIOSK_ROOT[$extras]"
    "$KIOSK_VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec" \
      || { kiosk_say "Installing the Python packages failed: see the pip messages above."; exit 1; }
    echo "$want" > "$stamp"
  fi
}
