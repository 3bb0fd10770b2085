"""action.yml's install step: unpack the uv binary from a wheel in CACHE whose sha256 lock/uv.txt holds.

Usage: python action_uv.py LOCK CACHE BIN_DIR. Prints the binary's path; exits 1 when CACHE has no
such wheel (the step then has pip download it there, hash-checked, and asks again). The hash is
checked on the very bytes that are unpacked. Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import io
import re
import sys
import zipfile
from pathlib import Path


def main(lock: str, cache: str, bin_dir: str) -> int:
    locked = set(re.findall(r"--hash=sha256:([0-9a-f]{64})", Path(lock).read_text(encoding="utf-8")))
    for wheel in sorted(Path(cache).glob("uv-*.whl")):
        data = wheel.read_bytes()
        if hashlib.sha256(data).hexdigest() not in locked:
            continue
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            [member] = [m for m in archive.namelist() if m.split(".data/")[-1] in ("scripts/uv", "scripts/uv.exe")]
            path = Path(bin_dir) / Path(member).name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(archive.read(member))
        path.chmod(0o755)
        print(path)
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
