"""Build the geography fixtures (provinces, municipalities with validity and successors, postcodes) from the
Statbel-derived CSV files in shared/data. The generated fixtures are committed; this module regenerates them."""

import csv
import json
from pathlib import Path

BEFORE_2019_END = "2018-12-31"
START_2019 = "2019-01-01"
END_2024 = "2024-12-31"
START_2025 = "2025-01-01"
FIXTURE_NAMES = ("provinces", "municipalities", "postcodes")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_fixtures(source: Path) -> dict[str, list[dict]]:
    rows_2019 = read_csv(source / "flemish_municipalities_2019_2024.csv")
    rows_2025 = read_csv(source / "flemish_municipalities_2025.csv")
    mergers_2019 = read_csv(source / "flemish_mergers_2019.csv")
    mergers_2025 = [row for row in read_csv(source / "flemish_mergers_2025.csv")
                    if row["old_nis_code"] != row["new_nis_code"]]

    provinces = {}
    for row in rows_2019 + rows_2025:
        provinces[row["province_nis"]] = {"name_nl": row["province_nl"], "name_fr": row["province_fr"]}
    province_by_name = {fields["name_nl"]: code for code, fields in provinces.items()}

    codes_2019 = {row["nis_code"]: row for row in rows_2019}
    codes_2025 = {row["nis_code"]: row for row in rows_2025}
    new_in_2019 = {row["new_nis_code"] for row in mergers_2019}
    successor_2019 = {row["old_nis_code"]: row["new_nis_code"] for row in mergers_2019}
    successor_2025 = {row["old_nis_code"]: row["new_nis_code"] for row in mergers_2025}

    municipalities = {}
    for row in mergers_2019:
        municipalities[row["old_nis_code"]] = {
            "name_nl": row["old_name_nl"], "name_fr": "", "province": province_by_name[row["province_nl"]],
            "valid_from": None, "valid_to": BEFORE_2019_END, "successor": successor_2019[row["old_nis_code"]],
        }
    for code, row in codes_2019.items():
        municipalities[code] = {
            "name_nl": row["name_nl"], "name_fr": row["name_fr"], "province": row["province_nis"],
            "valid_from": START_2019 if code in new_in_2019 else None,
            "valid_to": None if code in codes_2025 else END_2024,
            "successor": successor_2025.get(code) if code not in codes_2025 else None,
        }
    for code, row in codes_2025.items():
        if code in codes_2019:
            continue
        municipalities[code] = {
            "name_nl": row["name_nl"], "name_fr": row["name_fr"], "province": row["province_nis"],
            "valid_from": START_2025, "valid_to": None, "successor": None,
        }

    pairs = set()
    for row in read_csv(source / "flemish_postcodes_to_nis.csv"):
        pairs.add((row["postcode"], row["nis_code_2019"]))
        pairs.add((row["postcode"], row["nis_code_2025"]))

    return {
        "provinces": [{"model": "academies.province", "pk": code, "fields": fields}
                      for code, fields in sorted(provinces.items())],
        "municipalities": [{"model": "academies.municipality", "pk": code, "fields": fields}
                           for code, fields in sorted(municipalities.items(), key=_successors_last)],
        "postcodes": [{"model": "academies.postcode", "pk": index,
                       "fields": {"code": postcode, "municipality": nis_code}}
                      for index, (postcode, nis_code) in enumerate(sorted(pairs), start=1)],
    }


def _successors_last(item: tuple[str, dict]) -> tuple[int, str]:
    code, fields = item
    return (0 if fields["successor"] is None else 1, code)


def write_fixtures(source: Path, target: Path) -> dict[str, int]:
    counts = {}
    for name, objects in build_fixtures(source).items():
        (target / f"{name}.json").write_text(json.dumps(objects, ensure_ascii=False, indent=1) + "\n",
                                             encoding="utf-8")
        counts[name] = len(objects)
    return counts
