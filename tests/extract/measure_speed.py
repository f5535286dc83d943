"""Time ``extract`` over the saved pages: ``python tests/extract/measure_speed.py [runs]``.

Not a test (speed is measured, not asserted). Prints each page's median and,
over every run of every page, the median and 95th percentile.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from antd_tui.core.extract import extract

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
ANTD_URL = "https://www.anninhthudo.vn/bai-viet-post1.antd"
OTHER_URL = "https://example.com/2024/05/post/"


def main(runs: int = 100) -> None:
    pages = [(p.name, p.read_bytes()) for p in sorted(PAGES.glob("*.html"))]
    for _, data in pages:  # warm up imports and caches
        extract(ANTD_URL, data)
    everything: list[float] = []
    for name, data in pages:
        url = OTHER_URL if name.startswith("generic") else ANTD_URL
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            extract(url, data)
            times.append((time.perf_counter() - start) * 1000)
        everything += times
        print(f"{name:34s} {len(data) / 1024:7.1f} KiB  median {statistics.median(times):6.2f} ms")
    everything.sort()
    p95 = everything[int(len(everything) * 0.95)]
    print(f"all {len(pages)} pages x {runs} runs: median {statistics.median(everything):.2f} ms, "
          f"p95 {p95:.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
