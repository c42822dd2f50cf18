"""Tests of symreg._zygote: a template process told to stop is reaped when it exits."""

from __future__ import annotations

import gc
import os
import sys
import time
import warnings

import pytest

from symreg import _zygote

pytestmark = pytest.mark.skipif(not _zygote.SUPPORTED, reason="no template processes here")


def test_a_template_that_does_not_exit_at_once_is_kept_and_reaped_later():
    # An interpreter that outlives the half second stop() waits (as a template does
    # while a worker finishes its task).
    slow = _zygote.Zygote("import time; time.sleep(1.5)", dict(os.environ), 5.0)
    proc = slow.proc
    slow.stop()
    assert proc in _zygote._EXITING
    del slow
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        gc.collect()  # the process object is still held: no warning that it runs
    deadline = time.monotonic() + 30
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    _zygote._reap_exited()
    assert proc not in _zygote._EXITING
    assert proc.returncode == 0


def test_a_template_that_exits_is_not_kept():
    quick = _zygote.Zygote(f"import sys; sys.exit(0)  # {sys.executable}", dict(os.environ), 5.0)
    quick.stop()
    assert quick.proc not in _zygote._EXITING
