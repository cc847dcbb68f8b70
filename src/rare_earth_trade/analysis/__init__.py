"""Analysis over the resolved series: recovery metrics, claims check, sector translation."""
