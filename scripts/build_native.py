"""Compile the audit's modules with mypyc into this environment (see src/jixiao/native.py).

    .venv/bin/python scripts/build_native.py [--force]

Nothing in src/ is touched: the package is copied to a temporary folder, compiled there, and the
extensions are moved to <venv>/jixiao-native/<build>-<stamp>/, with a COMPLETE marker written
last.  A build for the same sources is reused.  Older builds are removed.  Exit 0 when the build
is there, 1 when it could not be made (the pure Python modules are then used; nothing is lost).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jixiao import native

SRC = Path(native.__file__).resolve().parent


def build(name: str, force: bool) -> int:
    target = native.build_dir(name)
    if (target / "COMPLETE").is_file() and not force:
        print(f"编译版本已是最新（{target.name}）")
        return 0
    try:
        import mypy.version
    except ImportError:
        print("未安装 mypy（含 mypyc），无法编译；将使用纯 Python 版本（结果相同，较慢）", file=sys.stderr)
        return 1
    if mypy.version.__version__ != native.MYPY_VERSION:
        print(f"mypy 版本为 {mypy.version.__version__}，需要 {native.MYPY_VERSION}；将使用纯 Python 版本", file=sys.stderr)
        return 1
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="jixiao-native-") as tmp:
        work = Path(tmp)
        shutil.copytree(SRC, work / "jixiao", ignore=shutil.ignore_patterns("__pycache__", "*.so"))
        files = [str(Path("jixiao") / p.relative_to(SRC)) for p in native.sources(name)]
        proc = subprocess.run([sys.executable, "-m", "mypyc", "--ignore-missing-imports",
                               "--follow-imports=silent", *files],
                              cwd=work, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print("编译失败，将使用纯 Python 版本（结果相同，较慢）：\n"
                  + (proc.stdout + proc.stderr)[-3000:], file=sys.stderr)
            return 1
        staging = native.build_root() / f".{target.name}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        ext = native._ext()
        for p in native.sources(name):
            folder = Path("jixiao") / p.relative_to(SRC).parent   # jixiao/audit, jixiao/model, jixiao
            built = work / folder / (p.stem + ext)
            if not built.is_file():
                print(f"编译结果缺少 {built.name}；将使用纯 Python 版本", file=sys.stderr)
                shutil.rmtree(staging, ignore_errors=True)
                return 1
            (staging / folder).mkdir(parents=True, exist_ok=True)
            shutil.copy2(built, staging / folder / built.name)
        for shared in work.glob("*__mypyc*" + ext):
            shutil.copy2(shared, staging / shared.name)
        (staging / "COMPLETE").write_text(f"{len(files)} modules\n", encoding="utf-8")
        for old in native.build_root().glob(f"{name}-*"):
            shutil.rmtree(old, ignore_errors=True)
        staging.rename(target)
    print(f"已编译 {len(files)} 个模块（{time.perf_counter() - started:.0f} 秒，{target}）")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--force", action="store_true", help="rebuild even when a build for these sources exists")
    args = ap.parse_args()
    return max(build(b, args.force) for b in native.BUILDS)


if __name__ == "__main__":
    sys.exit(main())
