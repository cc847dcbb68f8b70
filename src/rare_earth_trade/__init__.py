"""China's rare-earth trade: sourced ledger, recovery analysis and report builder."""

__version__ = "0.1.0"
