"""Dask side of the 'array' benchmark: chunked NumPy arrays on dask's threaded scheduler.

Mirrors bench/benchmarks/array.js case for case (same shapes, chunks and seeds of the same kind):

* sum:     ``da.random.random((n, n), chunks=c).sum()``
* mean:    ``... .mean()``
* xxt:     ``(x + x.T).sum()``
* matmul:  ``(x @ x.T)`` on (m, m) with chunks k, computed to a NumPy array (OpenBLAS)

One sample = build the lazy array (not timed; it is microseconds) and ``.compute(scheduler='threads',
num_workers=w)`` (timed). The harness checks the answers against the values they must approach (the
mean of uniforms is 1/2) and, for matmul, the result's shape and a trace identity.

Usage:
    /usr/bin/python3 dask_array.py --serve                  # driven by bench/run.js
    /usr/bin/python3 dask_array.py --case sum --n 20000 --chunks 2000 --repeats 3
"""

import argparse
import gc
import platform
import sys
import time

from _protocol import send, serve

try:
    import dask
    import dask.array as da
    import numpy as np
except ImportError as e:  # reported to the harness, which prints how to install it
    dask = None
    IMPORT_ERROR = "cannot import dask.array (%s): install it with `sudo apt-get install -y python3-dask`" % e


def build(case, n, chunks, seed):
    x = da.random.RandomState(seed).random_sample((n, n), chunks=chunks)
    if case == "sum":
        return x.sum()
    if case == "mean":
        return x.mean()
    if case == "xxt":
        return (x + x.T).sum()
    if case == "matmul":
        return x @ x.T
    raise ValueError("unknown case %r" % case)


def sample(case, n, chunks, seed=1, workers=2, collect=False):
    """One timed compute; returns seconds and a summary of the answer."""
    arr = build(case, n, chunks, seed)
    if collect:
        gc.collect()
    t0 = time.perf_counter()
    value = arr.compute(scheduler="threads", num_workers=workers)
    t1 = time.perf_counter()
    if case == "matmul":
        # x @ x.T is symmetric with a positive diagonal; report a few numbers the harness can check.
        summary = {"shape": list(value.shape), "trace": float(np.trace(value)),
                   "asym": float(abs(value[1, 2] - value[2, 1]))}
    else:
        summary = {"value": float(value)}
    return {"run": t1 - t0, **summary}


def versions():
    return {"dask": dask.__version__, "numpy": np.__version__, "python": platform.python_version(),
            "executable": sys.executable}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--serve", action="store_true", help="JSON-lines server mode (used by bench/run.js)")
    p.add_argument("--case", choices=["sum", "mean", "xxt", "matmul"], default="sum")
    p.add_argument("--n", type=int, default=20000)
    p.add_argument("--chunks", type=int, default=2000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--repeats", type=int, default=3)
    args = p.parse_args()
    if args.serve:
        if dask is None:
            serve({}, error=IMPORT_ERROR)
        else:
            serve({"sample": sample, "versions": versions}, versions=versions())
        return
    if dask is None:
        send({"error": IMPORT_ERROR})
        sys.exit(2)
    runs = [sample(args.case, args.n, args.chunks, workers=args.workers) for _ in range(args.repeats)]
    send({"case": args.case, "n": args.n, "chunks": args.chunks, "versions": versions(),
          "seconds": sorted(r["run"] for r in runs), "last": runs[-1]})


if __name__ == "__main__":
    main()
