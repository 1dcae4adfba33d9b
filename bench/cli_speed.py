"""Start-up and whole-command time of the everyday commands (issue 15, "Load once, load fast").

    .venv/bin/python bench/cli_speed.py [--runs 15] [--filing examples/yanjiang-xinfang-2022.yaml]

Runs, alternating in one loop so that every command sees the same machine load, each of:

- ``python -c pass`` (the interpreter's own start-up: the baseline),
- ``python -c "import jixiao.cli"`` (loading the command line, with nothing run),
- ``jixiao check``, ``jixiao score`` and ``jixiao metrics`` on the filing (S4 by default),

each as a fresh process, ``--runs`` times, and prints the median wall time of each, its ratio to
the baseline, and its median CPU time (user + system): the commands use one core, so on an idle
machine wall ≈ CPU, and on a shared one the CPU time is what the command itself costs (goal: each
command ≤ 0.35 s).  First it compiles the package's bytecode
(``python -m compileall``, as scripts/setup.sh does), so the figures are those of an installed
package.  The load average is printed: the machine is shared, so compare figures of one run.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--filing", default=os.path.join(ROOT, "examples", "yanjiang-xinfang-2022.yaml"))
    args = parser.parse_args()
    py = sys.executable
    jixiao = os.path.join(os.path.dirname(py), "jixiao")
    subprocess.run([py, "-m", "compileall", "-q", os.path.join(ROOT, "src")], check=True)
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "import jixiao.cli": [py, "-c", "import jixiao.cli"],
        "jixiao check": [jixiao, "check", args.filing],
        "jixiao score": [jixiao, "score", args.filing],
        "jixiao metrics": [jixiao, "metrics", args.filing],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    load_before = os.getloadavg()[0]
    for _ in range(args.runs):
        for name, argv in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if done.returncode not in (0, 1):
                sys.exit(f"{name} exited {done.returncode}")
    base = statistics.median(times["python -c pass"])
    print(f"load average {load_before:.1f} → {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"median of {args.runs} runs; {os.path.basename(args.filing)}")
    print(f"{'command':<20} {'median s':>9} {'min s':>7} {'× python -c pass':>17} {'CPU s':>7}")
    for name, values in times.items():
        median, cpu = statistics.median(values), statistics.median(cpus[name])
        goal = "" if not name.startswith("jixiao") else \
            f"  wall {'≤' if median <= 0.35 else '>'} 0.35 s, CPU {'≤' if cpu <= 0.35 else '>'} 0.35 s"
        print(f"{name:<20} {median:>9.3f} {min(values):>7.3f} {median / base:>17.1f} {cpu:>7.3f}{goal}")


if __name__ == "__main__":
    main()
