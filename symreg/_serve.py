"""The worker's side of the hard-deadline runner (:mod:`symreg._budget`).

What runs inside a worker process and the zygote that forks them: the channel
of length-prefixed pickles, the loop that runs each task sent on it and
answers with its outcome (a :class:`~symreg.errors.SymregError` sent back to
be raised, any other failure as a message), the memory cap, and the watch
that ends a worker when its caller dies.

>>> import io, math
>>> channel = io.BytesIO()
>>> write_frame(channel, ("math", "factorial", (5,)))
>>> _ = channel.seek(0)
>>> module, qualname, args = read_frame(channel)
>>> _call(module, qualname, args)
('ok', 120)
"""

from __future__ import annotations

import importlib
import os
import pickle
import struct
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from symreg import _zygote
from symreg.errors import SymregError

__all__ = ["outcome", "read_frame", "serve", "serve_channel", "write_frame", "zygote_main"]

_WORKER_MEMORY = 4 << 30  # bytes of address space for a worker (POSIX)


def write_frame(stream: Any, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("!Q", len(data)) + data)
    stream.flush()


def read_frame(stream: Any) -> Any:
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError("worker channel closed")
    (size,) = struct.unpack("!Q", head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("worker channel closed")
    return pickle.loads(data)


def _watch_parent(parent: int) -> None:  # pragma: no cover - runs in the worker process
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def _call(module: str, qualname: str | None, args: tuple[Any, ...]
          ) -> tuple[str, Any]:
    try:
        fn: Any = importlib.import_module(module)
    except Exception as exc:
        return ("error", f"{type(exc).__name__}: {exc}")
    if qualname is None:  # only load the module, outside any task's budget
        return ("ok", None)
    for part in qualname.split("."):
        fn = getattr(fn, part)
    return outcome(fn, args)


def outcome(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, Any]:
    """``fn(*args)`` as a worker reports it: its result, or its failure as data."""
    try:
        return ("ok", fn(*args))
    except MemoryError:
        return ("error", "out of memory")
    except RecursionError:
        return ("error", "expression too deep for SymPy (RecursionError)")
    except SymregError as exc:
        return ("raise", exc)
    except Exception as exc:
        return ("error", f"{type(exc).__name__}: {exc}")


def serve(parent: int | None = None) -> None:  # pragma: no cover - runs in the worker
    """Main loop of a worker process: run each task read from stdin, answer on stdout."""
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must not corrupt the channel
    _zygote.cap_memory(_WORKER_MEMORY)
    if parent is not None:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    serve_channel(requests, replies)


def serve_channel(requests: Any, replies: Any) -> None:  # pragma: no cover - a worker
    write_frame(replies, ("ready", None))
    while True:
        try:
            module, qualname, args = read_frame(requests)
        except EOFError:
            return
        except Exception as exc:  # a task that does not unpickle here
            write_frame(replies, ("error", f"cannot receive the task: {exc}"))
            continue
        write_frame(replies, _call(module, qualname, args))


def zygote_main(caller: int, fd: int) -> None:  # pragma: no cover - runs in the zygote
    """Main loop of the zygote (see :mod:`symreg._zygote`): its workers serve as
    :func:`serve` does, within the same memory cap."""
    _zygote.cap_memory(_WORKER_MEMORY)
    _zygote.serve(caller, fd, _load, serve_channel)


def _load(module: str, warmup: tuple[str, str] | None) -> bool:  # pragma: no cover - zygote
    try:
        first = (module, None) if warmup is None else warmup
        return _call(first[0], first[1], ())[0] == "ok"
    except Exception:  # a warm-up that is not a function of its module
        return False
