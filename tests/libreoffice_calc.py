"""Recalculate a workbook in LibreOffice Calc (a Debian package of the project, scripts/apt-packages.txt)
and read every sheet back as CSV rows of text."""
from __future__ import annotations

import csv
import subprocess
from pathlib import Path


def libreoffice_csv(tmp_path: Path, path: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``path`` recalculated on load (OOXMLRecalcMode 0: always), as CSV rows."""
    profile = tmp_path / "lo-profile" / "user"
    profile.mkdir(parents=True)
    (profile / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry">'
        '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
        '<value>0</value></prop></item></oor:items>', encoding="utf-8")
    out = tmp_path / "csv"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile.parent}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=180)
    sheets = {}
    for file in out.glob("*.csv"):
        with open(file, encoding="utf-8") as fh:
            sheets[file.stem.removeprefix(path.stem + "-")] = list(csv.reader(fh))
    return sheets
