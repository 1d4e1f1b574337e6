"""JSON-lines protocol shared by the peer scripts in bench/peers (see bench/lib/peer.js).

A peer script runs in one of two modes:

* ``--serve``: long-lived, driven by the harness. It writes a hello line
  (``{"ready": true, "versions": {...}}`` or ``{"ready": false, "error": "..."}``), then answers each
  request line ``{"id", "op", "params"}`` with ``{"id", "ok": true, "result"}`` or
  ``{"id", "ok": false, "error", "traceback"}``. ``{"op": "exit"}`` or end of input stops it.
* otherwise: a one-shot command line run that prints a single JSON document (for manual checks).

Only protocol lines go to stdout; anything else the engines print is sent to stderr.
"""

import json
import sys
import traceback

_out = sys.stdout
sys.stdout = sys.stderr  # stray prints must not corrupt the protocol


def send(obj):
    _out.write(json.dumps(obj) + "\n")
    _out.flush()


def serve(handlers, versions=None, error=None):
    """Answer requests on stdin with ``handlers[op](**params)`` until told to exit."""
    if error is not None:
        send({"ready": False, "error": error})
        return
    send({"ready": True, "versions": versions or {}})
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        op = req.get("op")
        if op == "exit":
            break
        try:
            if op not in handlers:
                raise ValueError("unknown op %r (known: %s)" % (op, ", ".join(sorted(handlers))))
            result = handlers[op](**req.get("params", {}))
            send({"id": req.get("id"), "ok": True, "result": result})
        except Exception as e:  # report every failure to the harness, keep serving
            send({"id": req.get("id"), "ok": False, "error": "%s: %s" % (type(e).__name__, e),
                  "traceback": traceback.format_exc()})
