#!/usr/bin/env python3
"""Packs the cross-built binaries into what an office downloads, reproducibly.

    pack.py VERSION YUSUAN_EXE YUSUAN_AARCH64 DIST

makes DIST/yusuan-VERSION-windows-x86_64.zip (yusuan.exe, 使用说明.txt at its root, as
Explorer's 全部解压缩 expects) and DIST/yusuan-VERSION-linux-aarch64.tar.gz (one folder). Entries
are sorted and every time is fixed, so the same binaries give the same archives.

使用说明.txt is a Chinese name: stored in UTF-8 with the zip's language-encoding flag (bit 11),
which Explorer's compressed folders honour since Windows 7, as do 7-Zip, WinRAR, Bandizip and
unzip (Python sets the flag for any name outside ASCII). The text itself is UTF-8 with a
byte-order mark and CRLF line ends, which Notepad on every Windows shows right.
"""

import gzip
import io
import sys
import tarfile
import zipfile
from pathlib import Path

FIXED_TIME = (2020, 1, 1, 0, 0, 0)
FIXED_EPOCH = 1577836800  # the same moment, for tar


def readme(name: str, version: str, windows: bool) -> bytes:
    text = (Path(__file__).parent / name).read_text(encoding="utf-8").replace("{version}", version)
    if windows:
        return "\ufeff".encode("utf-8") + text.replace("\n", "\r\n").encode("utf-8")
    return text.encode("utf-8")


def entry(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, whatever system packs it
    info.external_attr = (0o100000 | mode) << 16
    return info


def windows_zip(version: str, exe: Path, dist: Path) -> Path:
    path = dist / f"yusuan-{version}-windows-x86_64.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(entry("yusuan.exe", 0o755), exe.read_bytes(), compresslevel=9)
        archive.writestr(
            entry("使用说明.txt", 0o644),
            readme("readme-windows.txt", version, windows=True),
            compresslevel=9,
        )
    return path


def linux_tar(version: str, binary: Path, dist: Path) -> Path:
    folder = f"yusuan-{version}-linux-aarch64"
    path = dist / f"{folder}.tar.gz"
    members = [
        (f"{folder}/yusuan", binary.read_bytes(), 0o755),
        (f"{folder}/使用说明.txt", readme("readme-linux.txt", version, windows=False), 0o644),
    ]
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w", format=tarfile.PAX_FORMAT) as tar:
        directory = tarfile.TarInfo(folder)
        directory.type, directory.mode, directory.mtime = tarfile.DIRTYPE, 0o755, FIXED_EPOCH
        tar.addfile(directory)
        for name, content, mode in sorted(members):
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(content), mode, FIXED_EPOCH
            tar.addfile(info, io.BytesIO(content))
    with open(path, "wb") as out:
        # mtime 0 and no file name in the gzip header: the same bytes every time.
        with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
            gz.write(tar_bytes.getvalue())
    return path


def main() -> None:
    version, exe, aarch64, dist = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    dist.mkdir(parents=True, exist_ok=True)
    for made in (windows_zip(version, exe, dist), linux_tar(version, aarch64, dist)):
        print(f"{made}  {made.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
