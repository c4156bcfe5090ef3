import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from academies.models import Municipality
from reports.maps import project_geometry
from reports.models import MunicipalityBoundary


class Command(BaseCommand):
    help = ("Load municipality outlines from a GeoJSON FeatureCollection (WGS84, property `nis_code`) and store them "
            "as projected SVG paths. Loading again replaces the outlines of the same NIS codes.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoJSON file, e.g. ../shared/data/flanders_municipalities_2025.geojson")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            collection = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        known = set(Municipality.objects.values_list("nis_code", flat=True))
        boundaries, unknown = [], []
        for feature in collection.get("features", []):
            code = str((feature.get("properties") or {}).get("nis_code", "")).strip()
            if code not in known:
                unknown.append(code or "?")
                continue
            try:
                shape = project_geometry(feature["geometry"])
            except (KeyError, TypeError, ValueError) as error:
                raise CommandError(f"Feature {code}: {error}") from error
            boundaries.append(MunicipalityBoundary(
                municipality_id=code, path=shape.path, min_x=shape.min_x, min_y=shape.min_y,
                max_x=shape.max_x, max_y=shape.max_y, source=path.name[:200]))
        if not boundaries:
            raise CommandError(f"No feature of {path} has the `nis_code` of a known municipality.")
        with transaction.atomic():
            MunicipalityBoundary.objects.filter(municipality_id__in=[b.municipality_id for b in boundaries]).delete()
            MunicipalityBoundary.objects.bulk_create(boundaries)
        self.stdout.write(f"Loaded {len(boundaries)} boundaries from {path.name}.")
        if unknown:
            self.stderr.write(f"Skipped {len(unknown)} features with unknown NIS codes: {', '.join(unknown[:10])}")
