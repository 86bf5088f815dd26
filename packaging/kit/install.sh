#!/bin/sh
# Install Parley from this kit, with no network: ./install.sh [DIR]
# Linux and macOS. Creates a Python virtual environment in DIR (default: ~/parley) from
# the wheels beside this script, so that DIR/bin/parley runs, and adds a launcher
# (a desktop entry on Linux, ~/Applications/Parley.app on macOS). Running it again
# upgrades Parley in place; saved sessions are kept (they live in your user data folder).
set -eu

KIT=$(cd "$(dirname "$0")" && pwd)
DEST=${1:-"$HOME/parley"}
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1

PY=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        PY=$candidate
        break
    fi
done
if [ -z "$PY" ]; then
    echo "install.sh: Parley needs Python 3.11 or newer, and none was found." >&2
    echo "    hint: install Python 3.11+ (see README.txt in this kit), then run this again." >&2
    exit 2
fi

echo "Installing Parley into $DEST with $($PY --version)"
if [ ! -x "$DEST/bin/python" ]; then
    if ! "$PY" -m venv "$DEST"; then
        echo "install.sh: could not create a virtual environment in $DEST" >&2
        echo "    hint: on Debian or Ubuntu install the package python3-venv first" >&2
        exit 3
    fi
fi
"$DEST/bin/python" -m pip install --quiet --no-index --find-links "$KIT/wheels" --upgrade parley
mkdir -p "$DEST/share"
cp "$KIT/icons/parley.png" "$KIT/icons/parley.icns" "$DEST/share/"

case "$(uname -s)" in
Linux)
    apps=${XDG_DATA_HOME:-"$HOME/.local/share"}/applications
    mkdir -p "$apps"
    sed -e "s|^Exec=.*|Exec=\"$DEST/bin/parley-app\" %f|" \
        -e "s|^Icon=.*|Icon=$DEST/share/parley.png|" "$KIT/parley.desktop" >"$apps/parley.desktop"
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" 2>/dev/null || true
    echo "Added Parley to the applications menu ($apps/parley.desktop)"
    ;;
Darwin)
    bundle="$HOME/Applications/Parley.app/Contents"
    mkdir -p "$bundle/MacOS" "$bundle/Resources"
    cp "$KIT/icons/parley.icns" "$bundle/Resources/parley.icns"
    printf '#!/bin/sh\nexec "%s/bin/parley-app" "$@"\n' "$DEST" >"$bundle/MacOS/Parley"
    chmod +x "$bundle/MacOS/Parley"
    cat >"$bundle/Info.plist" <<PLIST
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>CFBundleName</key><string>Parley</string>
<key>CFBundleIdentifier</key><string>org.parley.app</string>
<key>CFBundleExecutable</key><string>Parley</string>
<key>CFBundleIconFile</key><string>parley.icns</string>
<key>CFBundlePackageType</key><string>APPL</string>
</dict></plist>
PLIST
    echo "Added Parley to ~/Applications"
    ;;
esac

"$DEST/bin/parley" --version
echo "Done. Start Parley from the applications menu, or run: $DEST/bin/parley"
