"""The worker's side of the hard-deadline runner (symreg._serve), in this process."""

from __future__ import annotations

import io
import math

import pytest

from symreg import _serve
from symreg.errors import InvalidParameterError


def test_a_frame_comes_back_as_it_was_written():
    channel = io.BytesIO()
    _serve.write_frame(channel, ("ok", [1, "two", 3.0]))
    _serve.write_frame(channel, ("error", "second"))
    channel.seek(0)
    assert _serve.read_frame(channel) == ("ok", [1, "two", 3.0])
    assert _serve.read_frame(channel) == ("error", "second")


@pytest.mark.parametrize("cut", [3, 12])  # inside the length, inside the pickle
def test_a_cut_frame_is_the_end_of_the_channel(cut):
    channel = io.BytesIO()
    _serve.write_frame(channel, ("ok", "a payload"))
    with pytest.raises(EOFError, match=r"^worker channel closed$"):
        _serve.read_frame(io.BytesIO(channel.getvalue()[:cut]))


def _fails(exc: BaseException):
    def task():
        raise exc
    return task


@pytest.mark.parametrize(("exc", "expected"), [
    (ValueError("bad"), ("error", "ValueError: bad")),
    (MemoryError(), ("error", "out of memory")),
    (RecursionError(), ("error", "expression too deep for SymPy (RecursionError)")),
])
def test_a_failure_is_reported_as_a_message(exc, expected):
    assert _serve.outcome(_fails(exc), ()) == expected


def test_a_symreg_error_is_sent_back_to_be_raised():
    error = InvalidParameterError("strength must be positive")
    assert _serve.outcome(_fails(error), ()) == ("raise", error)


def test_a_task_is_found_by_its_module_and_name():
    assert _serve._call("math", "factorial", (5,)) == ("ok", math.factorial(5))
    assert _serve._call("math", None, ()) == ("ok", None)  # only loads the module
    kind, message = _serve._call("symreg._no_such_module", "f", ())
    assert kind == "error"
    assert message.startswith("ModuleNotFoundError: No module named 'symreg._no_such_module'")
