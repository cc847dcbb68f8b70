"""Official files become observations: China customs query-platform CSV (GBK) and UN Comtrade JSON."""

from __future__ import annotations

import json
import shutil
import urllib.error
from pathlib import Path

import pytest

from rare_earth_trade.errors import DataError, OfflineError
from rare_earth_trade.ledger.importers import comtrade, read_comtrade, read_gacc_csv
from rare_earth_trade.series.dataset import Dataset

OFFICIAL = Path(__file__).parent / "fixtures" / "official"


def messages(err) -> list[str]:
    return [str(p).replace("tests/fixtures/official/", "") for p in err.value.problems]


def test_gacc_csv_rows_become_tonnes_with_the_raw_line_as_quote():
    obs = read_gacc_csv(OFFICIAL / "magnets_gacc_2025-07-20.csv")
    assert obs[["series", "period", "partner", "value", "unit"]].values.tolist() == [
        ["magnet_exports", "2025-06", "USA", 353012.0, "kg"],
        ["magnet_exports", "2025-06", "DEU", 764220.0, "kg"],
        ["magnet_exports", "2025-05", "USA", 46378.0, "kg"],
    ]
    assert obs.loc[0, "quote"] == "202506,85051110,稀土永磁体,502,美国,353012,千克,,,12345678"
    assert set(obs.source_date) == {"2025-07-20"}
    assert (set(obs.origin), set(obs.outlet)) == ({"China customs (GACC)"}, {"China customs query platform"})


def test_gacc_csv_saved_as_utf8_is_read_the_same():
    a = read_gacc_csv(OFFICIAL / "magnets_gacc_2025-07-20.csv")
    b = read_gacc_csv(OFFICIAL / "utf8_instead_of_gbk_2025-07-20.csv")
    assert a.value.tolist() == b.value.tolist() and a.partner.tolist() == b.partner.tolist()


def test_gacc_csv_problems_name_row_and_chinese_column():
    with pytest.raises(DataError) as err:
        read_gacc_csv(OFFICIAL / "bad_gacc_2025-07-20.csv")
    assert messages(err) == [
        "bad_gacc_2025-07-20.csv:2: column '贸易伙伴名称': unknown partner name; add it to data/reference/partners.csv (name_zh) (value: '火星')",
        "bad_gacc_2025-07-20.csv:3: column '数据年月': is not a month (expected YYYYMM, e.g. 202506) (value: '2025六月')",
        "bad_gacc_2025-07-20.csv:3: column '商品编码': commodity code is not one this report knows (known: 85051110) (value: '85059090')",
        "bad_gacc_2025-07-20.csv:3: column '第一计量单位': unknown unit; known: 千克, 公斤, 吨 (value: '个')",
        "bad_gacc_2025-07-20.csv:3: column '第一数量': a quantity cannot be negative (value: '-5')",
    ]


def test_official_file_without_download_date_in_its_name_is_refused(tmp_path):
    target = tmp_path / "magnets.csv"
    shutil.copy(OFFICIAL / "magnets_gacc_2025-07-20.csv", target)
    with pytest.raises(DataError) as err:
        read_gacc_csv(target)
    assert str(err.value.problems[0]) == (
        f"{target}: file name must end with the download date, e.g. magnets_2025-07-20.csv (value: 'magnets.csv')"
    )


def test_comtrade_records_become_a_distinct_hs6_series_in_kg():
    obs = read_comtrade(OFFICIAL / "comtrade_850511_2025-08-15.json")
    assert obs[["series", "period", "partner", "value", "unit"]].values.tolist() == [
        ["permanent_magnet_exports_hs6", "2025-06", "WLD", 3412345.0, "kg"],
        ["permanent_magnet_exports_hs6", "2025-06", "USA", 371000.0, "kg"],
        ["permanent_magnet_exports_hs6", "2025-05", "USA", 52000.0, "kg"],
    ]
    assert json.loads(obs.loc[1, "quote"])["partnerISO"] == "USA"


def test_comtrade_problems_name_record_and_field():
    with pytest.raises(DataError) as err:
        read_comtrade(OFFICIAL / "bad_comtrade_2025-08-15.json")
    assert messages(err) == [
        "bad_comtrade_2025-08-15.json: column 'record 1.reporterCode': reporter is not China (156) (value: 842)",
        "bad_comtrade_2025-08-15.json: column 'record 1.cmdCode': commodity/flow is not one this report knows (known: 850511 with flowCode X) (value: '850511')",
        "bad_comtrade_2025-08-15.json: column 'record 1.period': is not a month (expected YYYYMM; annual records are not monthly data) (value: '2025')",
        "bad_comtrade_2025-08-15.json: column 'record 1.partnerISO': unknown partner code; see data/reference/partners.csv (value: 'ZZZ')",
        "bad_comtrade_2025-08-15.json: column 'record 1.netWgt': net weight must be a number of kg, not negative (value: -1)",
    ]


def test_official_files_join_the_ledger_and_win_as_tier_one(data_copy):
    gacc = data_copy / "raw" / "official" / "gacc"
    gacc.mkdir(parents=True)
    shutil.copy(OFFICIAL / "magnets_gacc_2025-07-20.csv", gacc)
    series = Dataset(data_copy).series
    usa_june = series[(series.partner == "USA") & (series.period == "2025-06") & (series.measure == "tonnes")].iloc[0]
    assert (usa_june.value, usa_june.origin, usa_june.tier, usa_june.conflict) == (353.012, "China customs (GACC)", 1, False)
    assert usa_june.n_sources > 1  # the press figures corroborate it


def test_comtrade_refresh_offline_fails_clearly_and_writes_nothing(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise urllib.error.URLError("Temporary failure in name resolution")

    monkeypatch.setattr(comtrade.urllib.request, "urlopen", no_network)
    with pytest.raises(OfflineError) as err:
        comtrade.refresh(["2025-06"], target_dir=tmp_path / "comtrade")
    assert "Nothing was changed" in str(err.value)
    assert "comtradeapi.un.org" in str(err.value)
    assert not (tmp_path / "comtrade").exists() or not any((tmp_path / "comtrade").iterdir())
