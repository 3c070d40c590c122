#!/usr/bin/env python3
"""Build the one-folder bundle and the platform package.

    python build_scripts/build.py linux   [--model-dir DIR]...  # dist/docvec/, .tar.gz, AppImage if possible
    python build_scripts/build.py windows [--model-dir DIR]...  # dist/docvec/, then Inno Setup (untested here)
    python build_scripts/build.py macos   [--model-dir DIR]...  # dist/docvec.app, then .dmg (untested here)

The embedding model is bundled, so the first run needs no internet: by default only the
default model (multilingual-e5-small as int8, made from ../shared by quantize_model.py if
missing), to stay within the installer budget (issue 13: 500 MB with OCR). all-MiniLM-L6-v2
(87 MiB; the "English only, fastest" choice and the model of libraries made before the
multilingual default) is downloaded on first use by such a library, or bundled with
``--model-dir resources/models/multilingual-e5-small-int8 --model-dir ../shared/models/all-MiniLM-L6-v2``:
each --model-dir replaces the default list.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUNDLE = DIST / "docvec"
# Qt pieces a widgets app never loads; Linux PySide6 wheels carry hundreds of MB of them.
QT_PRUNE = re.compile(
    r"(Qt6?(Qml|Quick|WebEngine|Pdf|Designer|3D|Multimedia|Charts|DataVis|Graphs|Location|Positioning|Sensors|"
    r"SerialPort|Bluetooth|Nfc|RemoteObjects|Scxml|StateMachine|TextToSpeech|VirtualKeyboard|WebChannel|"
    r"WebSockets|WebView|ShaderTools|Spatial|Test|Help|Sql|Concurrent|LabsStyleKit|OpenGLWidgets|SvgWidgets)\w*)"
)
# PNG support is built into QtGui, so imageformats (JPEG, GIF, WebP, TIFF...) is not needed;
# generic/egldeviceintegrations serve only framebuffer (eglfs/linuxfb) setups; iconengines
# is not needed either: the app's SVG icons are drawn by QtSvg's QSvgRenderer (ui/icons.py).
KEEP_PLUGIN_DIRS = {"platforms", "styles", "platformthemes", "xcbglintegrations",
                    "platforminputcontexts", "wayland-shell-integration", "wayland-decoration-client",
                    "wayland-graphics-integration-client"}

PILLOW_UNUSED = ("PIL/_imagingft*.so", "PIL/_avif*.so", "PIL/_imagingtk*.so")


def version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return re.search(r'^version\s*=\s*"([^"]+)"', text, re.M).group(1)


def default_model_dirs() -> list[Path]:
    shared = Path(os.environ.get("DOCVEC_SHARED", ROOT.parent / "shared")) / "models"
    default = ROOT / "resources" / "models" / "multilingual-e5-small-int8"
    if not (default / "docvec-model.json").exists():
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from quantize_model import build

        build(shared / "multilingual-e5-small", default)
    return [default]


def write_version_module(ver: str) -> None:
    (ROOT / "docvec_gui" / "_frozen_version.py").write_text(
        "# Fallback used only when package metadata is missing (e.g. a frozen bundle built\n"
        "# without it). build_scripts/build.py rewrites this file from pyproject.toml.\n"
        f'VERSION = "{ver}"\n', encoding="utf-8")


def run_pyinstaller(target: str, model_dirs: list[Path], ver: str) -> None:
    env = dict(os.environ, DOCVEC_MODEL_DIRS=os.pathsep.join(map(str, model_dirs)), DOCVEC_TARGET=target,
               DOCVEC_VERSION=ver)
    subprocess.check_call([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                           "--distpath", str(DIST), "--workpath", str(ROOT / "build" / "pyinstaller"),
                           str(ROOT / "build_scripts" / "docvec.spec")], env=env, cwd=ROOT)


def prune(bundle: Path) -> None:
    """Drop Qt libraries, QML, plugins and translations the app never loads."""
    internal = bundle / "_internal"
    qt = internal / "PySide6" / "Qt"
    for sub in ("qml", "resources", "libexec"):
        shutil.rmtree(qt / sub, ignore_errors=True)
    plugins = qt / "plugins"
    if plugins.exists():
        for child in plugins.iterdir():
            if child.name not in KEEP_PLUGIN_DIRS:
                shutil.rmtree(child, ignore_errors=True)
    translations = qt / "translations"
    if translations.exists():
        for qm in translations.iterdir():
            if not qm.name.startswith(("qtbase_zh_CN", "qtbase_en")):
                qm.unlink()
    strip = shutil.which("strip")
    if strip and sys.platform.startswith("linux"):
        # Only libraries verified to load after stripping (the smoke test covers each);
        # auditwheel-patched ones such as numpy.libs/* break when stripped.
        # pyclipper, PyYAML and Pillow's core ship with their debug information (-8 MiB; OCR's
        # smoke test loads all three), pdfium and rpds with their symbols (-1.4 MiB). Pillow's
        # _imaging only has its RPATH set by auditwheel (still found: JPEG, TIFF, PNG decode).
        for pattern in ("libpython3*.so*", "python3*/lib-dynload/*.so", "tokenizers/tokenizers*.so",
                        "cryptography/hazmat/bindings/_rust*.so", "pydantic_core/_pydantic_core*.so",
                        "pyclipper/_pyclipper*.so", "yaml/_yaml*.so", "PIL/_imaging.*.so", "rpds/rpds*.so",
                        "pypdfium2_raw/libpdfium.so"):
            for lib in internal.glob(pattern):
                subprocess.check_call([strip, "--strip-unneeded", str(lib)])
    # System GTK-stack copies that only Qt's GTK3 theme plugin links to; that plugin loads
    # only where the system has GTK 3 (never bundled), and then the system's own copies serve.
    gtk_only = ("libcairo*", "libpango*", "libgdk_pixbuf*", "libharfbuzz*", "libpixman*", "libfribidi*",
                "libthai*", "libdatrie*", "libgraphite2*")
    for unused in ("lxml/objectify*.so", "PySide6/Qt/lib/libQt6EglFSDeviceIntegration*", *gtk_only):
        for path in internal.glob(unused):
            path.unlink()
    # importlib.metadata needs METADATA for versions; RECORD (a list of every installed file)
    # is only for pip.
    for record in internal.glob("*.dist-info/RECORD"):
        record.unlink()
    for lib in list(internal.rglob("*")):
        if lib.is_file() and QT_PRUNE.search(lib.name) and "QtWidgets" not in lib.name:
            lib.unlink()
    # Type stubs are for editors, never imported.
    for stub in [*internal.rglob("*.pyi"), *internal.rglob("py.typed")]:
        stub.unlink()
    if sys.platform.startswith("linux"):
        from elf_prune import remove_extensions

        # Pillow decodes images for OCR but never draws text (FreeType, HarfBuzz) and never sees
        # AVIF (sniff refuses it first); Pillow imports both in try/except (feature unavailable).
        removed = remove_extensions(internal, PILLOW_UNUSED)
        print(f"pillow: removed {', '.join(p.name for p in removed) or 'nothing (already pruned)'}")


def folder_size(path: Path) -> int:
    """Bytes on disk, each file once (hard links and symlinks are not counted twice)."""
    seen: set[int] = set()
    total = 0
    for f in path.rglob("*"):
        if f.is_file() and not f.is_symlink():
            st = f.stat()
            if st.st_ino not in seen:
                seen.add(st.st_ino)
                total += st.st_size
    return total


def package_linux(ver: str) -> list[Path]:
    gui = BUNDLE / "docvec-gui"
    if not gui.exists():
        gui.symlink_to("docvec")
    shutil.copy(ROOT / "build_scripts" / "linux" / "docvec.desktop", BUNDLE / "docvec.desktop")
    shutil.copy(ROOT / "resources" / "icons" / "docvec.png", BUNDLE / "docvec.png")
    archive = DIST / f"docvec-{ver}-linux-{os.uname().machine}.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(BUNDLE, arcname="docvec")
    outputs = [archive]
    tool = shutil.which("appimagetool")
    if tool:
        appdir = DIST / "docvec.AppDir"
        shutil.rmtree(appdir, ignore_errors=True)
        shutil.copytree(BUNDLE, appdir / "usr" / "lib" / "docvec", symlinks=True)
        shutil.copy(ROOT / "build_scripts" / "linux" / "AppRun", appdir / "AppRun")
        (appdir / "AppRun").chmod(0o755)
        shutil.copy(ROOT / "build_scripts" / "linux" / "docvec.desktop", appdir / "docvec.desktop")
        shutil.copy(ROOT / "resources" / "icons" / "docvec.png", appdir / "docvec.png")
        image = DIST / f"docvec-{ver}-{os.uname().machine}.AppImage"
        subprocess.check_call([tool, str(appdir), str(image)], env=dict(os.environ, ARCH=os.uname().machine))
        outputs.append(image)
    else:
        print("appimagetool is not installed (no Debian or PyPI package provides it here): AppImage skipped")
    return outputs


def package_windows(ver: str) -> list[Path]:
    iscc = shutil.which("iscc") or shutil.which("ISCC.exe")
    if not iscc:
        raise SystemExit("Inno Setup's iscc is not on PATH; install Inno Setup 6 to build the installer")
    subprocess.check_call([iscc, f"/DAppVersion={ver}", f"/DSourceDir={BUNDLE}", f"/O{DIST}",
                           str(ROOT / "build_scripts" / "windows" / "docvec.iss")])
    return [DIST / f"docvec-{ver}-setup.exe"]


def package_macos(ver: str) -> list[Path]:
    subprocess.check_call(["bash", str(ROOT / "build_scripts" / "macos" / "make_dmg.sh"), str(DIST / "docvec.app"),
                           str(DIST / f"docvec-{ver}.dmg")])
    return [DIST / f"docvec-{ver}.dmg"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("target", choices=["linux", "windows", "macos"])
    parser.add_argument("--model-dir", type=Path, action="append", default=None)
    parser.add_argument("--repackage", action="store_true",
                        help="prune and package the existing dist/docvec again without running PyInstaller")
    parser.add_argument("--no-installer", action="store_true",
                        help="stop after the bundle (dist/docvec): no tar.gz/AppImage, Inno Setup or .dmg "
                             "(build_scripts/windows/wine_build.py builds the installer afterwards, when ISCC.exe can run)")
    args = parser.parse_args()
    target = {"linux": "linux", "windows": "win32", "macos": "darwin"}[args.target]
    ver = version()
    package = {"linux": package_linux, "windows": package_windows, "macos": package_macos}[args.target]

    def packages() -> list[Path]:
        return [] if args.no_installer else package(ver)

    if args.repackage:
        prune(BUNDLE)
        return report(BUNDLE, packages())
    model_dirs = [d.resolve() for d in (args.model_dir or default_model_dirs())]
    sys.path.insert(0, str(ROOT))
    from docvec_gui.core.modelstore import has_model

    for model_dir in model_dirs:
        if not has_model(model_dir):
            raise SystemExit(f"no model at {model_dir}; pass --model-dir")
    write_version_module(ver)
    run_pyinstaller(target, model_dirs, ver)
    prune(BUNDLE)
    return report(BUNDLE, packages())


def report(bundle: Path, outputs: list[Path]) -> int:
    """Print what each part of the bundle costs and the packages' sizes."""
    from bundle_sizes import main as sizes

    sizes([str(bundle)])
    print(f"bundle: {bundle} ({folder_size(bundle) / 2**20:.1f} MiB unpacked)")
    for out in outputs:
        print(f"package: {out} ({out.stat().st_size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
