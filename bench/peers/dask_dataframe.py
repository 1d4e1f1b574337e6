"""Dask side of the 'dataframe' benchmark: the same three queries on the same generated CSV.

Mirrors bench/benchmarks/dataframe/queries.js:

* mean: ``dd.read_csv(path).groupby('key').x.mean()``
* agg:  ``.groupby('key').agg({'x': ['sum', 'mean', 'count'], 'y': ['sum', 'mean', 'count']})``
* sort: ``df[df.x > 900].sort_values('x').to_csv(out, single_file=True, index=False)``

computed with ``scheduler='threads'`` or ``'processes'`` and ``num_workers``. ``read_csv`` uses Dask's
defaults (64 MB blocks, pandas' C parser; ``ts`` stays a string column, as pandas reads it).

The harness runs one sample per process, so the peak RSS it measures is this sample's own: each call
of this script as

    /usr/bin/python3 dask_dataframe.py '{"query": "mean", "path": "...", "scheduler": "threads",
                                         "workers": 2, "out": "/tmp/x.csv"}'

prints one JSON line ``{"seconds", "cpuSeconds", "rows" | "file", "hwmKiB"}`` (groupby rows as lists
in the column order of queries.js; ``cpuSeconds`` is this process's CPU time during the query, all
threads; ``hwmKiB`` is its VmHWM at the end). Only the query is timed: imports
happen before the clock starts. ``--serve`` answers the same requests as op ``sample`` through
_protocol.serve (JSON lines), for manual use.
"""

import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time

from _protocol import send, serve

try:
    import dask
    import dask.dataframe as dd
    import pandas as pd

    IMPORT_ERROR = None
except ImportError as e:  # reported to the harness, which prints how to install it
    dask = None
    IMPORT_ERROR = "cannot import dask.dataframe (%s): install it with `sudo apt-get install -y python3-dask`" % e

AGG_SPEC = {"x": ["sum", "mean", "count"], "y": ["sum", "mean", "count"]}


def hwm_kib():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def cpu_seconds():
    """CPU time of this process so far (all its threads), in seconds."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def plain(v):
    """A JSON-friendly Python number from a numpy / pandas scalar."""
    return v.item() if hasattr(v, "item") else v


def head_lines(path, rows):
    """The header and first ``rows`` rows of the CSV at ``path``."""
    with open(path, "rb") as f:
        lines = f.read(1 << 16).split(b"\n")[: rows + 1]
    return b"\n".join(lines) + b"\n"


def warm_pool(query, path, scheduler, workers):
    """Run the query once on the first 64 rows, cut into 256-byte blocks, before the clock.

    As for Tusk (bench/benchmarks/dataframe/engines.js, ``warmPool``): a long-lived program has its
    worker pool started already, so a sample times the query, not the pool's start-up. With
    ``scheduler='processes'`` Dask keeps one process pool per interpreter when ``num_workers`` is the
    CPU count, so this starts it and imports pandas in its workers. Returns the seconds it took.
    """
    t0 = time.perf_counter()
    d = tempfile.mkdtemp(prefix="dask-bench-warm-")
    try:
        head = os.path.join(d, "head.csv")
        with open(head, "wb") as f:
            f.write(head_lines(path, 64))
        run_query(query, head, scheduler, workers, os.path.join(d, "out.csv"), 256)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return time.perf_counter() - t0


def sample(query, path, scheduler="threads", workers=2, out=None, blocksize="64MB", warm=True):
    warm_seconds = warm_pool(query, path, scheduler, workers) if warm else None
    res = run_query(query, path, scheduler, workers, out, blocksize)
    res["warmSeconds"] = warm_seconds
    return res


def run_query(query, path, scheduler, workers, out, blocksize):
    opts = {"scheduler": scheduler, "num_workers": workers}
    c0 = cpu_seconds()
    t0 = time.perf_counter()
    df = dd.read_csv(path, blocksize=blocksize)
    if query == "mean":
        res = df.groupby("key").x.mean().compute(**opts)
        seconds = time.perf_counter() - t0
        rows = [[k, plain(v)] for k, v in res.items()]
    elif query == "agg":
        res = df.groupby("key").agg(AGG_SPEC).compute(**opts)
        seconds = time.perf_counter() - t0
        cols = [("x", "sum"), ("x", "mean"), ("x", "count"), ("y", "sum"), ("y", "mean"), ("y", "count")]
        rows = [[k] + [plain(res.at[k, c]) for c in cols] for k in res.index]
    elif query == "sort":
        if not out:
            raise ValueError("the sort query needs 'out' (the CSV file to write)")
        df[df.x > 900].sort_values("x").to_csv(out, single_file=True, index=False, compute_kwargs=opts)
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "cpuSeconds": cpu_seconds() - c0, "file": out, "hwmKiB": hwm_kib()}
    else:
        raise ValueError("unknown query %r (known: mean, agg, sort)" % query)
    return {"seconds": seconds, "cpuSeconds": cpu_seconds() - c0, "rows": rows, "hwmKiB": hwm_kib()}


def versions():
    return {"dask": dask.__version__, "pandas": pd.__version__, "python": platform.python_version()}


def main(argv):
    if "--serve" in argv:
        serve({"sample": sample}, versions() if dask else None, IMPORT_ERROR)
        return 0
    if len(argv) != 2:
        send({"error": "usage: dask_dataframe.py '<json request>' | --serve"})
        return 2
    if dask is None:
        send({"error": IMPORT_ERROR, "unavailable": True})
        return 1
    req = json.loads(argv[1])
    if req.get("op") == "versions":
        send({"versions": versions()})
        return 0
    try:
        send(sample(**req))
    except Exception as e:  # the harness marks the contender as failed with this message
        send({"error": "%s: %s" % (type(e).__name__, e)})
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
