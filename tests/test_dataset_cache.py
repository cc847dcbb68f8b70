"""The dataset cache: built once, reused, keyed by the input files and the code; stale or corrupt
entries are rebuilt silently."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from rare_earth_trade.errors import DataError
from rare_earth_trade.series import cache
from rare_earth_trade.series.dataset import CACHED, Dataset


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("RARE_EARTH_CACHE_DIR", str(folder))
    monkeypatch.delenv("RARE_EARTH_CACHE", raising=False)
    return folder


def entries(folder):
    return sorted(p.name for p in folder.glob("dataset-*.pkl"))


def same_frames(a: Dataset, b: Dataset) -> None:
    for name in ["ledger", "resolved", "series", "reconciliation", "status", "misattributions"]:
        pd.testing.assert_frame_equal(getattr(a, name).reset_index(drop=True), getattr(b, name).reset_index(drop=True))
    for table in ("policy_events", "sector_parameters"):
        pd.testing.assert_frame_equal(a.table(table), b.table(table))


def test_the_cached_dataset_is_the_computed_one_and_is_built_once(data_copy, cache_dir):
    Dataset(data_copy).prime()
    assert len(entries(cache_dir)) == 1
    again = Dataset(data_copy)
    again.months()
    assert again.__dict__["_restored"] is True  # read from the entry, not recomputed
    same_frames(again, Dataset(data_copy, cache=False))
    view = Dataset.load(data_copy, "2025-12")
    assert view.ledger["period"].max() == "2025-12" and len(entries(cache_dir)) == 2
    same_frames(view, Dataset(data_copy, cache=False).truncated("2025-12"))


def test_changed_inputs_or_code_give_a_new_key(data_copy, monkeypatch):
    raw, ref = data_copy / "raw", data_copy / "reference"
    key = cache.dataset_key(raw, ref, None)
    assert cache.dataset_key(raw, ref, None) == key != cache.dataset_key(raw, ref, "2025-12")
    path = raw / "observations" / "magnet_exports_world_2026.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # one more byte
    changed = cache.dataset_key(raw, ref, None)
    assert changed != key
    monkeypatch.setattr(cache, "code_version", lambda: "another version of the code")
    assert cache.dataset_key(raw, ref, None) != changed


def test_two_copies_of_the_data_each_name_their_own_files(data_copy, cache_dir, tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(data_copy, twin)
    Dataset(data_copy).prime()
    files = Dataset(twin).prime().ledger["file"]
    assert files.str.startswith(str(twin)).all() and len(entries(cache_dir)) == 2


def test_a_corrupt_or_stale_entry_is_rebuilt_silently(data_copy, cache_dir):
    Dataset(data_copy).prime()
    [name] = entries(cache_dir)
    (cache_dir / name).write_bytes(b"not a pickle")
    d = Dataset(data_copy)
    assert d.months() == Dataset(data_copy, cache=False).months()
    assert cache.load(name.removeprefix("dataset-").removesuffix(".pkl")) is not None  # rewritten
    key = name.removeprefix("dataset-").removesuffix(".pkl")
    cache.store("0" * 32, {"ledger": None})
    (cache_dir / f"dataset-{'0' * 32}.pkl").replace(cache_dir / name)  # an entry holding another key
    assert cache.load(key) is None
    assert Dataset(data_copy).months() == d.months()


def test_bad_inputs_are_reported_in_full_and_never_cached(data_copy, cache_dir):
    (data_copy / "raw" / "observations" / "zz.csv").write_text(
        "series,period,partner,measure,value,unit,source_url,source_date,origin,outlet,quote\n"
        "magnet_exports,2025-06,XXX,tonnes,1,t,https://example.org/x,2025-07-20,Reuters,Reuters,q\n", encoding="utf-8")
    policy = data_copy / "raw" / "policy_events.csv"
    policy.write_text(policy.read_text(encoding="utf-8").replace(",control,", ",controls,", 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        Dataset(data_copy).validate_all()
    assert {p.path.rsplit("/", 1)[-1] for p in err.value.problems} == {"zz.csv", "policy_events.csv"}
    assert entries(cache_dir) == []


def test_the_cache_can_be_turned_off(data_copy, cache_dir, monkeypatch):
    monkeypatch.setenv("RARE_EARTH_CACHE", "0")
    d = Dataset(data_copy)
    assert d.cache is False
    d.prime()
    assert all(name in d.__dict__ for name in CACHED) and entries(cache_dir) == []
