"""The on-disk cache: keys, MACs, atomic writes, where it lives and how it is turned off."""

from __future__ import annotations

import json
import os
import threading

import pytest

from symreg import _cache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    return tmp_path / "cache"


def test_an_entry_is_found_by_its_exact_key_only(cache):
    store = _cache.Store("t", code=())
    store.put(["a", "b"], {"status": "proved"})
    assert store.get(["a", "b"]) == {"status": "proved"}
    assert store.get(["a", "b "]) is None
    assert store.get(["b", "a"]) is None
    assert store.get(["ab"]) is None
    assert store.path(["a", "b"]).is_file()
    assert store.path(["a", "b"]).is_relative_to(cache)


def test_the_key_holds_the_versions_and_the_code(cache, tmp_path):
    code = tmp_path / "decider.py"
    code.write_text("x = 1\n", encoding="utf-8")
    store = _cache.Store("t", code=[code])
    before = store.key(["p"])
    assert _cache.Store("other", code=[code]).key(["p"]) != before
    _cache.fingerprint.cache_clear()
    code.write_text("x = 2\n", encoding="utf-8")
    assert store.key(["p"]) != before  # the deciding code changed
    _cache.fingerprint.cache_clear()
    import sympy

    own, theirs = _cache._versions()
    assert theirs == sympy.__version__
    payload = json.dumps([_cache.FORMAT, "t", own, theirs,
                          _cache.fingerprint((str(code),)), ["p"]], separators=(",", ":"))
    import hashlib

    assert store.key(["p"]) == hashlib.sha256(payload.encode()).hexdigest()


@pytest.mark.parametrize("edit", ["content", "mac", "key", "truncate", "garbage"])
def test_an_edited_entry_is_rejected_and_then_replaced(cache, edit):
    store = _cache.Store("t", code=())
    store.put(["claim"], {"status": "proved", "method": "simplify"})
    path = store.path(["claim"])
    entry = json.loads(path.read_bytes())
    if edit == "content":
        entry["content"]["method"] = "case split"
    elif edit == "mac":
        entry["mac"] = "0" * 64
    elif edit == "key":
        entry["key"] = "f" * 64
    data = json.dumps(entry).encode()
    if edit == "truncate":
        data = path.read_bytes()[:-7]
    elif edit == "garbage":
        data = b"\x00\xff not json"
    path.write_bytes(data)
    before = _cache.stats().rejected
    assert store.get(["claim"]) is None
    assert _cache.stats().rejected == before + 1
    store.put(["claim"], {"status": "proved", "method": "simplify"})
    assert store.get(["claim"]) == {"status": "proved", "method": "simplify"}


def test_an_entry_copied_under_another_key_is_rejected(cache):
    store = _cache.Store("t", code=())
    store.put(["true claim"], {"status": "proved"})
    forged = store.path(["false claim"])
    forged.parent.mkdir(parents=True, exist_ok=True)
    forged.write_bytes(store.path(["true claim"]).read_bytes())
    assert store.get(["false claim"]) is None


def test_entries_made_with_another_secret_are_rejected(cache):
    store = _cache.Store("t", code=())
    store.put(["claim"], {"status": "proved"})
    (cache / "key").unlink()
    assert store.get(["claim"]) is None
    assert len((cache / "key").read_bytes()) == 32
    assert oct((cache / "key").stat().st_mode & 0o777) == "0o600"


def test_the_directory_is_read_at_each_use(tmp_path, monkeypatch):
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    store = _cache.Store("t", code=())
    for name in ("one", "two"):
        monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / name))
        assert _cache.cache_dir() == tmp_path / name
        store.put(["x"], {"n": name})
    assert store.get(["x"]) == {"n": "two"}
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(tmp_path / "one"))
    assert store.get(["x"]) == {"n": "one"}


def test_the_platform_default(monkeypatch, tmp_path):
    monkeypatch.delenv("SYMREG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _cache.cache_dir() == tmp_path / "xdg" / "symreg"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _cache.cache_dir() == tmp_path / "home" / ".cache" / "symreg"


@pytest.mark.parametrize(("value", "on"), [("1", False), ("yes", False), ("0", True),
                                           ("", True)])
def test_symreg_no_cache_turns_it_off(cache, monkeypatch, value, on):
    monkeypatch.setenv("SYMREG_NO_CACHE", value)
    store = _cache.Store("t", code=())
    assert _cache.enabled() is on
    store.put(["x"], {"n": 1})
    assert store.path(["x"]).exists() is on
    assert (store.get(["x"]) is not None) is on


def test_disabled_restores_the_environment(cache, monkeypatch):
    with _cache.disabled():
        assert os.environ["SYMREG_NO_CACHE"] == "1"
        assert not _cache.enabled()
    assert "SYMREG_NO_CACHE" not in os.environ
    monkeypatch.setenv("SYMREG_NO_CACHE", "0")
    with _cache.disabled():
        assert not _cache.enabled()
    assert os.environ["SYMREG_NO_CACHE"] == "0"


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("SYMREG_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("SYMREG_NO_CACHE", raising=False)
    store = _cache.Store("t", code=())
    store.put(["x"], {"n": 1})  # no error
    assert store.get(["x"]) is None


def test_concurrent_writers_share_one_secret_and_leave_whole_entries(cache):
    store = _cache.Store("t", code=())
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                store.put([str(i % 5)], {"n": i % 5})
                got = store.get([str((i + n) % 5)])
                assert got is None or got == {"n": (i + n) % 5}
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(store.get([str(i)]) == {"n": i} for i in range(5))
    leftovers = [p for p in cache.rglob("*") if p.name.startswith(".")]
    assert leftovers == []


def test_events_are_counted_by_name():
    stats = _cache.Stats()
    assert stats.events_of("steps proved") == 0
    stats.note("steps proved")
    stats.note("steps proved")
    stats.note("reports taken")
    assert (stats.events_of("steps proved"), stats.events_of("reports taken")) == (2, 1)
    assert stats.events_of("derivations taken") == 0


def test_holds_says_whether_anything_was_kept_in_a_namespace(cache, monkeypatch):
    assert not _cache.holds("demo")
    _cache.Store("other", code=()).put(["x"], 1)
    assert not _cache.holds("demo")
    _cache.Store("demo", code=()).put(["x"], 1)
    assert _cache.holds("demo")
    monkeypatch.setenv("SYMREG_NO_CACHE", "1")
    assert not _cache.holds("demo")
