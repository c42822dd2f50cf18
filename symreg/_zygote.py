"""A template process that forks warm workers for :mod:`symreg._budget` (Linux).

Starting a worker as a fresh interpreter costs its imports (SymPy) and its
modules' warm-ups every time one is killed at a deadline. A *zygote* pays them
once: it is started as a subprocess, like a worker (the caller never forks, and
its ``__main__`` is never imported again), loads the modules it is asked to and
runs their warm-ups, and forks a worker per request. It has no threads, so the
worker it forks is sound; a module whose loading starts a thread makes the
zygote retire (the caller goes back to fresh interpreters).

The channel. The caller makes a socket pair per worker and sends one end to the
zygote with :func:`socket.send_fds`; the forked worker serves tasks on it with
the framing of ``_serve`` (length-prefixed pickles) and the zygote closes its
copy, so the worker holds the only end: its death is an end of file to the
caller. Requests to the zygote and its replies are frames of the same kind on a
socket pair made when it starts.

Killing and reaping. With each worker the zygote sends back a pidfd (Linux 5.3
and later) opened before it could reap the worker; the caller kills through it
(:func:`signal.pidfd_send_signal`), so a deadline can never hit a process
that reused a dead worker's pid. The zygote reaps its children as SIGCHLD
wakes it (through :func:`signal.set_wakeup_fd`: no zombies); told to stop (end
of file on its socket), it forks no more and exits once its workers are gone.

Parent death. The zygote opens a pidfd of its caller (checking the caller is
still its parent) and every worker inherits it: the zygote waits on it beside
its socket, a worker in a thread of its own, and both exit the moment the
caller dies. A worker does not depend on the zygote: one running a task when
the zygote stops finishes it.

Each worker caps its address space (RLIMIT_AS) and takes the caller's
environment and working directory as they are when it is forked, as a fresh
interpreter would. Elsewhere (no fork, no pidfds) :data:`SUPPORTED` is false
and ``_budget`` starts fresh interpreters, as it also does when a zygote fails.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any

__all__ = ["SUPPORTED", "Forked", "Keeper", "Zygote", "cap_memory", "serve"]

SUPPORTED = all((hasattr(os, "fork"), hasattr(os, "pidfd_open"),
                 hasattr(signal, "pidfd_send_signal"), hasattr(socket, "send_fds")))
_CLOEXEC = getattr(socket, "MSG_CMSG_CLOEXEC", 0)


def cap_memory(limit: int) -> None:
    """Cap this process's address space at ``limit`` bytes (where the platform can)."""
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


def _send(sock: socket.socket, obj: Any, fds: list[int] | None = None) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    frame = struct.pack("!Q", len(data)) + data
    sent = socket.send_fds(sock, [frame], fds or [])
    sock.sendall(frame[sent:])


def _recv(sock: socket.socket) -> tuple[Any, list[int]]:
    """One frame and the descriptors sent with it (requests and replies alternate)."""
    data, fds, _flags, _addr = socket.recv_fds(sock, 1 << 16, 2, _CLOEXEC)
    try:
        while True:
            if len(data) >= 8 and len(data) >= 8 + struct.unpack("!Q", data[:8])[0]:
                return pickle.loads(data[8:]), fds
            more = sock.recv(1 << 16) if data else b""
            if not more:
                raise EOFError("zygote channel closed")
            data += more
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


class Forked:
    """A forked worker as ``_budget`` drives it: ``pid``, ``stdin``/``stdout``
    (the two directions of its socket), ``kill``, ``wait`` and ``poll``. Its exit
    status belongs to the zygote, so ``returncode`` only says that it exited.
    The pidfd is closed with the object, never while a thread may still use it."""

    def __init__(self, pid: int, pidfd: int, channel: socket.socket) -> None:
        self.pid, self._pidfd, self._channel = pid, pidfd, channel
        # closed with the object, not at exit: stop_workers still kills by it then
        weakref.finalize(self, os.close, pidfd).atexit = False
        self.returncode: int | None = None
        self.stdin = channel.makefile("wb")
        self.stdout = channel.makefile("rb")
        channel.close()  # the files keep it open until they are closed

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
        # An end of file to a reader of stdout now, whatever became of the process:
        # closing stdout waits for such a reader.
        with contextlib.suppress(OSError):
            self._channel.shutdown(socket.SHUT_RDWR)

    def wait(self, timeout: float) -> int | None:
        if self.returncode is None:
            exited = select.poll()
            exited.register(self._pidfd, select.POLLIN)
            if any(events & select.POLLIN
                   for _fd, events in exited.poll(max(0, int(timeout * 1000)))):
                self.returncode = -signal.SIGKILL
        return self.returncode

    def poll(self) -> int | None:
        return self.wait(0)


class Zygote:
    """The caller's side of a zygote: an interpreter runs ``code`` (which calls
    :func:`serve`) with ``{caller}`` and ``{fd}`` filled in; one request at a
    time (the caller serializes them), each reply awaited at most ``timeout``
    seconds."""

    def __init__(self, code: str, env: dict[str, str], timeout: float) -> None:
        _reap_exited()
        mine, theirs = socket.socketpair()
        self.owner = os.getpid()
        self.loaded: set[str] = set()
        self._timeout = timeout
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", code.format(caller=self.owner, fd=theirs.fileno())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        except BaseException:
            mine.close()
            raise
        finally:
            theirs.close()
        self.sock = mine
        mine.settimeout(timeout)

    def load(self, module: str, warmup: tuple[str, str] | None) -> str:
        """Load ``module`` (and run its warm-up) in the zygote: ``"ok"``, ``"error"``
        (the zygote is no longer clean: stop it) or ``"threads"`` (it retires)."""
        _send(self.sock, ("load", module, warmup))
        status, _ = _recv(self.sock)
        if status == "ok":
            self.loaded.add(module)
        return str(status)

    def fork(self, env: dict[str, str], cwd: str) -> Forked:
        """A new worker, born with the modules in :attr:`loaded`."""
        mine, theirs = socket.socketpair()
        try:
            _send(self.sock, ("fork", env, cwd), [theirs.fileno()])
        except BaseException:
            mine.close()
            raise
        finally:
            theirs.close()
        try:
            (kind, pid), fds = _recv(self.sock)
            if kind != "forked" or len(fds) != 1:
                for fd in fds:
                    os.close(fd)
                raise EOFError("the zygote did not fork")
        except BaseException:
            mine.close()
            raise
        return Forked(pid, fds[0], mine)

    def alive(self) -> bool:
        return self.owner == os.getpid() and self.proc.poll() is None

    def stop(self, kill: bool = False) -> None:
        """End of file to the zygote: it exits once its workers have (waited for
        briefly: a worker may be running a task); ``kill``: now."""
        if self.owner != os.getpid():  # inherited by a fork of the caller: not ours
            return
        self.sock.close()
        if kill:
            with contextlib.suppress(OSError):
                self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(self._timeout if kill else 0.5)
        if self.proc.poll() is None:
            # Still waiting for its workers: reaped later (a process object dropped
            # while its process runs leaves a zombie behind, and says so).
            _EXITING.append(self.proc)
        _reap_exited()


#: Zygotes told to stop that had not exited yet, reaped as they exit.
_EXITING: list[subprocess.Popen[bytes]] = []


def _reap_exited() -> None:
    """Forget the stopped zygotes that have exited (``poll`` reaps them)."""
    _EXITING[:] = [proc for proc in _EXITING if proc.poll() is None]


@atexit.register
def _reap_at_exit() -> None:
    """At exit, the stopped zygotes still running are given a moment, then killed."""
    for proc in _EXITING:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(0.5)
        if proc.poll() is None:
            with contextlib.suppress(OSError):
                proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
    _EXITING.clear()


class Keeper:
    """The zygote of this process: started on first need with the interpreter
    ``code`` of :class:`Zygote`, replaced when it dies or is left unclean, given
    up after ``attempts`` failures or when it would have threads (then
    :meth:`fork` answers None: start a fresh interpreter)."""

    def __init__(self, code: str, timeout: float, attempts: int = 3) -> None:
        self.code, self.timeout, self.attempts = code, timeout, attempts
        self.failures = 0
        self.zygote: Zygote | None = None
        self.lock = threading.Lock()
        if hasattr(os, "register_at_fork"):  # a fork of the caller starts its own
            os.register_at_fork(after_in_child=self._forget)

    def _forget(self) -> None:
        self.lock = threading.Lock()
        self.zygote = None

    def fork(self, module: str, warmup: tuple[str, str] | None, env: dict[str, str]
             ) -> tuple[Forked, set[str]] | None:
        """A worker with ``module`` loaded and warmed up (by ``warmup``, module and
        name), and the modules it has; None without a zygote. A module that does
        not load raises :class:`RuntimeError`, as in a fresh worker."""
        with self.lock:
            zygote = self._loaded(module, warmup, env)
            if zygote is None:
                return None
            try:
                return zygote.fork(env, os.getcwd()), set(zygote.loaded)
            except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
                self._drop(failed=True)
                return None

    def prepare(self, module: str, warmup: tuple[str, str] | None, env: dict[str, str]
                ) -> None:
        """Start the zygote, if there is none, and load ``module`` into it, warmed up by
        ``warmup`` (no worker yet): a later :meth:`fork` then forks at once. A
        failure is left for that :meth:`fork` to meet and report."""
        with self.lock, contextlib.suppress(RuntimeError):
            self._loaded(module, warmup, env)

    def _loaded(self, module: str, warmup: tuple[str, str] | None, env: dict[str, str]
                ) -> Zygote | None:
        """The zygote, started if need be, with ``module`` loaded; None without one.
        Called with the lock held."""
        zygote = self.zygote
        if zygote is not None and not zygote.alive():
            if zygote.owner == os.getpid():  # it died
                self._drop(failed=True)
            self.zygote = zygote = None
        try:
            if zygote is None:
                if not SUPPORTED or self.failures >= self.attempts:
                    return None
                zygote = self.zygote = Zygote(self.code, env, self.timeout)
            if module not in zygote.loaded:
                status = zygote.load(module, warmup)
                if status != "ok":  # a module half loaded, or threads: no template
                    self._drop(failed=status != "error")
                    if status != "error":
                        self.failures = self.attempts
                        return None
                    raise RuntimeError(f"the worker process could not import {module}")
            return zygote
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            self._drop(failed=True)
            return None

    def _drop(self, failed: bool) -> None:
        if self.zygote is not None:
            self.zygote.stop(kill=True)
        self.zygote = None
        self.failures += failed

    def stop(self) -> None:
        """Stop the zygote (a later :meth:`fork` starts another)."""
        with self.lock:
            zygote, self.zygote = self.zygote, None
        if zygote is not None:
            zygote.stop()


def serve(caller: int, fd: int, load: Callable[[str, tuple[str, str] | None], bool],
          work: Callable[[Any, Any], None]) -> None:  # pragma: no cover - the zygote
    """Main loop of a zygote: answer load and fork requests from ``caller`` on ``fd``."""
    ctrl = socket.socket(fileno=fd)
    watch = os.pidfd_open(caller)
    if os.getppid() != caller:
        os._exit(0)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w)
    while True:
        ready = select.select([ctrl.fileno(), watch, wake_r], [], [])[0]
        if watch in ready:
            os._exit(0)
        with contextlib.suppress(OSError):
            os.read(wake_r, 512)
        _reap(block=False)
        if ctrl.fileno() not in ready:
            continue
        try:
            request, fds = _recv(ctrl)
        except (OSError, EOFError):
            _reap(block=True)
            os._exit(0)
        if request[0] == "load":
            ok = load(request[1], request[2])
            alone = threading.active_count() == 1 and _native_threads() == 1
            _send(ctrl, "ok" if ok and alone else "error" if not ok else "threads")
            if not alone:
                os._exit(0)
            continue
        pid = os.fork()
        if pid == 0:
            try:
                ctrl.close()
                for own in (wake_r, wake_w):
                    os.close(own)
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                _work(fds[0], watch, request[1], request[2], work)
            finally:
                os._exit(0)
        pidfd = os.pidfd_open(pid)
        os.close(fds[0])
        _send(ctrl, ("forked", pid), [pidfd])
        os.close(pidfd)


def _work(fd: int, watch: int, env: dict[str, str], cwd: str,
          work: Callable[[Any, Any], None]) -> None:  # pragma: no cover - a forked worker
    os.environ.clear()
    os.environ.update(env)
    with contextlib.suppress(OSError):
        os.chdir(cwd)
    threading.Thread(target=_exit_with, args=(watch,), daemon=True).start()
    channel = socket.socket(fileno=fd)
    channel.setblocking(True)
    work(channel.makefile("rb"), channel.makefile("wb"))


def _exit_with(watch: int) -> None:  # pragma: no cover - runs in a forked worker
    select.select([watch], [], [])
    os._exit(0)


def _native_threads() -> int:  # pragma: no cover - runs in the zygote
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 1


def _reap(block: bool) -> None:  # pragma: no cover - runs in the zygote
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, 0 if block else os.WNOHANG)[0]:
            pass
