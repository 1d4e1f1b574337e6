"""Dask side of the 'distributed' benchmark: Dask distributed on a LocalCluster of 2 worker processes.

Mirrors bench/benchmarks/distributed.js:

* overhead: the 'scheduling' shapes (bench/peers/dask_scheduling.py) on the cluster:
  ``independent`` (n x inc(i), then total) and ``tree`` (inc leaves, pairwise add), timed from
  ``client.compute`` to the result (the graph is built outside the clock).
* groupby: ``dd.read_csv(path, blocksize).groupby('key').x.mean()`` on the cluster, returned as rows
  ``[key, x_mean]`` for the harness to check against the file's exact truth.

The cluster (``LocalCluster(n_workers, threads_per_worker=1, processes=True)``) is started once, in
``setup``, outside every clock, and closed on exit.

Usage:
    /usr/bin/python3 dask_distributed.py --serve          # driven by bench/run.js
"""

import argparse
import gc
import json
import platform
import sys
import time

from _protocol import send, serve

try:
    import dask
    import dask.dataframe as dd
    import distributed
    from dask import delayed
    from distributed import Client, LocalCluster
except ImportError as e:  # reported to the harness, which prints how to install it
    dask = None
    IMPORT_ERROR = (
        "cannot import dask.distributed (%s): install it with `sudo apt-get install -y python3-distributed`" % e
    )

from dask_scheduling import SHAPES  # the same shapes and functions as the 'scheduling' benchmark

STATE = {}


def setup(workers=2):
    if "client" in STATE:
        return {"workers": len(STATE["client"].scheduler_info()["workers"])}
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    STATE["cluster"] = cluster
    STATE["client"] = Client(cluster)
    return {"workers": len(STATE["client"].scheduler_info()["workers"])}


def overhead(shape, n, collect=False):
    build, tasks, expected = SHAPES[shape]
    obj = build(n)
    graph_tasks = len(obj.__dask_graph__())
    if collect:
        gc.collect()
    client = STATE["client"]
    t0 = time.perf_counter()
    value = client.compute(obj, optimize_graph=False).result()
    t1 = time.perf_counter()
    if value != expected(n):
        raise AssertionError("%s(n=%d) computed %r, expected %r" % (shape, n, value, expected(n)))
    return {"run": t1 - t0, "tasks": graph_tasks}


def groupby(path, blocksize, collect=False):
    if collect:
        gc.collect()
    client = STATE["client"]
    t0 = time.perf_counter()
    s = client.compute(dd.read_csv(path, blocksize=blocksize).groupby("key").x.mean()).result()
    t1 = time.perf_counter()
    rows = [[str(k), float(v)] for k, v in s.items()]
    return {"run": t1 - t0, "rows": rows}


def versions():
    return {
        "dask": dask.__version__,
        "distributed": distributed.__version__,
        "python": platform.python_version(),
        "executable": sys.executable,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--serve", action="store_true", help="JSON-lines server mode (used by bench/run.js)")
    p.add_argument("--shape", choices=sorted(SHAPES), default="independent")
    p.add_argument("--n", type=int, default=10000)
    args = p.parse_args()
    if args.serve:
        try:
            serve({"setup": setup, "overhead": overhead, "groupby": groupby},
                  versions=versions() if dask else None, error=None if dask else IMPORT_ERROR)
        finally:
            if "client" in STATE:
                STATE["client"].close()
                STATE["cluster"].close()
        return
    if dask is None:
        raise SystemExit(IMPORT_ERROR)
    setup()
    try:
        send(overhead(args.shape, args.n))
    finally:
        STATE["client"].close()
        STATE["cluster"].close()


if __name__ == "__main__":
    main()
