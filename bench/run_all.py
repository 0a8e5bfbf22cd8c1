"""Run every benchmark in this folder (bench_*.py), one after another: `make bench`.

Benchmarks print their measurements side by side as ratios; they are never part of
`make test`, because timings on a shared machine are too noisy to assert on.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    scripts = sorted(HERE.glob("bench_*.py"))
    if not scripts:
        sys.exit("no bench_*.py scripts found")
    failed = []
    for script in scripts:
        print(f"\n=== {script.name} ===", flush=True)
        if subprocess.run([sys.executable, str(script)]).returncode != 0:
            failed.append(script.name)
    if failed:
        sys.exit(f"benchmarks failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
