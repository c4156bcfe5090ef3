"""Sub-municipality (deelgemeente) names with their municipality, from the bpost locality list joined to the Statbel
codes (fixtures/localities.csv, made from ../shared/data/flemish_localities_postcodes_nis.csv): `Peutie` is
Vilvoorde, `Herfelingen` is Herne until 2024 and Pajottegem from 2025."""

import csv
import functools
from pathlib import Path

from django.conf import settings

MERGER_YEAR = 2025


def localities_file() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "localities.csv"


@functools.cache
def locality_rows() -> tuple[tuple[str, str, str, str], ...]:
    """(name, postcode, NIS code 2019-2024, NIS code from 2025) per locality."""
    with localities_file().open(encoding="utf-8", newline="") as source:
        return tuple((row["locality"], row["postcode"], row["nis_code_2019"], row["nis_code_2025"])
                     for row in csv.DictReader(source))


def nis_code_in(row: tuple[str, str, str, str], year: int) -> str:
    return row[3] if year >= MERGER_YEAR else row[2]
