"""Where things live. Every path is absolute so notebooks run from any working directory."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
OBSERVATIONS_DIR = RAW_DIR / "observations"
OFFICIAL_DIR = RAW_DIR / "official"
REFERENCE_DIR = DATA_DIR / "reference"
PROCESSED_DIR = DATA_DIR / "processed"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
BUILD_DIR = PROJECT_ROOT / "build"


def display_path(path: Path | str) -> str:
    """A path as users should read it in messages: relative to the project when inside it."""
    p = Path(path).resolve()
    try:
        return str(p.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
