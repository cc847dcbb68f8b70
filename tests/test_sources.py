"""Origins, outlets and citations: who produced a figure, where it was read, how it is cited."""

from __future__ import annotations

import pytest

from rare_earth_trade.errors import DataError
from rare_earth_trade.ledger import sources
from rare_earth_trade.ledger.tables import load_table


def test_a_source_is_cited_by_origin_date_and_outlet():
    row = {"origin": "Reuters", "outlet": "Kitco", "source_date": "2025-08-20"}
    assert sources.cite(row) == "Reuters, 20 Aug 2025 (read at Kitco)"
    assert sources.cite({**row, "outlet": "Reuters"}) == "Reuters, 20 Aug 2025"
    assert sources.cite({"origin": "Metalnomist", "outlet": "Metalnomist", "source_date": "2024-08"}) == "Metalnomist, Aug 2024"
    assert sources.source_name("Reuters", "unnamed mirror") == "Reuters (read at unnamed mirror)"


@pytest.mark.parametrize("name, is_ip", [
    ("3.127.128.221", True), ("3.127.128.221 mirror", True), ("10.0.0.1:8080", True), ("2001:db8::1", True),
    ("unnamed mirror", False), ("Reuters", False), ("squidsite02.com", False), ("Web 2.0 news", False),
])  # fmt: skip
def test_ip_addresses_are_recognised(name, is_ip):
    assert sources.has_ip_address(name) is is_ip


def test_tiers_come_from_the_origin_and_standing_from_the_outlet():
    assert (sources.tier_of("China customs (GACC)"), sources.tier_of("Reuters"), sources.tier_of("Some Blog")) == (1, 2, 4)
    assert (sources.standing_of("Daily Mail"), sources.standing_of("Kitco"), sources.standing_of("unnamed mirror")) == (1, 2, 3)
    assert sources.standing_of("An outlet nobody listed") == sources.UNRATED_STANDING == 3


def test_other_tables_refuse_an_ip_address_as_origin_or_outlet(data_copy):
    path = data_copy / "raw" / "tariff_rates.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    cells = text[1].split(",")
    cells[header.index("outlet")] = "3.127.128.221"
    path.write_text("\n".join([text[0], ",".join(cells), *text[2:]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_table("tariff_rates", data_copy / "raw")
    problem = err.value.problems[0]
    assert (problem.path.endswith("tariff_rates.csv"), problem.line, problem.column) == (True, 2, "outlet")
    assert problem.message == sources.IP_MESSAGE
