"""LibreOffice timed cold and warm, for the benches that compare jixiao with it.

* **cold**: a fresh ``soffice --headless --convert-to`` process on the file, as a user runs it
  (its profile already exists: creating the profile is a one-time cost and is not counted);
* **warm**: the same file converted by a process that has already started and converted a tiny
  file — measured as ``t(tiny, file) − t(tiny)``, two processes with the same start-up;
* **start-up**: ``t(tiny)``, a fresh process converting the tiny file.

Each figure is the median of ``runs`` measurements.  LibreOffice is a Debian package of the project
(scripts/apt-packages.txt): without it the bench stops with an error rather than leaving it out.
"""
from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    cold: float        # fresh process, this file alone
    warm: float        # this file in a process already started
    startup: float     # fresh process, the tiny file alone


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise SystemExit("需要 LibreOffice（scripts/apt-packages.txt：libreoffice-writer-nogui、libreoffice-calc-nogui；"
                         "bash scripts/setup.sh 会安装）")
    return found


def convert(profile: str, target: str, outdir: str, files: list[str]) -> float:
    """One fresh ``soffice --headless --convert-to`` process on ``files``: its wall time."""
    command = [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", outdir, *files]
    t0 = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, timeout=3600)
    return time.perf_counter() - t0


def measure(path: str, tiny: str, target: str, profile: str, outdir: str, runs: int = 1) -> Timing:
    """Cold, warm and start-up times of converting ``path`` to ``target`` (see the module docstring).
    ``profile`` is an existing or new LibreOffice user profile folder (settings may be written in it
    beforehand); it is created by an untimed first conversion of ``tiny``."""
    os.makedirs(outdir, exist_ok=True)
    convert(profile, target, outdir, [tiny])                 # creates the profile: not counted
    cold, warm, startup = [], [], []
    for _ in range(runs):
        cold.append(convert(profile, target, outdir, [path]))
        alone = convert(profile, target, outdir, [tiny])
        both = convert(profile, target, outdir, [tiny, path])
        startup.append(alone)
        warm.append(both - alone)
    return Timing(statistics.median(cold), statistics.median(warm), statistics.median(startup))
