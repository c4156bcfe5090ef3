"""The archive export: everything that matters in open formats, for the Flemish e-depot and for leaving the product
(docs/import-formats.md, "Archive export").

`write_archive(directory)` writes every import kind as CSV in its documented format (`<kind>.csv`, the order of
ARCHIVE_ORDER is the order to import them in), each frozen answer as the files it was frozen from
(`frozen-answers/<year>-<id>/figures.json`, `answer.docx`, `answer.pdf` and, when kept, `annexes.zip`: the SHA-256
of these in that order is the answer's stored `content_hash`) and `manifest.json` with the row count and SHA-256 of
every file. `check_archive(directory)` verifies a manifest against its files and `import_archive(directory)` imports
the kinds back in order, through the same importer as any file."""

import hashlib
import json
from pathlib import Path

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from exchange.errors import ImportFailed, RowError
from exchange.services import export_file, import_file

ARCHIVE_FORMAT = "stem-academies-archive/1"
ARCHIVE_ORDER = ("academies", "recognitions", "calls", "yearbudgets", "awards", "finalreports", "events")
MANIFEST = "manifest.json"
HASH_CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _entry(directory: Path, path: Path, **details) -> dict:
    return {"path": path.relative_to(directory).as_posix(), "bytes": path.stat().st_size,
            "sha256": sha256_of(path), **details}


def _frozen_answers(directory: Path) -> tuple[list[dict], list[dict]]:
    """The frozen answers (reports.FrozenAnswer, looked up by name: reports and exchange are independent layers)
    as files, and their manifest entries."""
    model = apps.get_model("reports", "FrozenAnswer")
    files, answers = [], []
    for answer in model.objects.order_by("year", "frozen_at", "pk").iterator(chunk_size=1):
        folder = directory / "frozen-answers" / f"{answer.year}-{answer.pk}"
        folder.mkdir(parents=True, exist_ok=True)
        parts = {"figures.json": json.dumps(answer.figures, sort_keys=True, ensure_ascii=False).encode("utf-8"),
                 "answer.docx": bytes(answer.docx), "answer.pdf": bytes(answer.pdf)}
        if answer.annexes:
            parts["annexes.zip"] = bytes(answer.annexes)
        digest = hashlib.sha256()
        for name, content in parts.items():
            (folder / name).write_bytes(content)
            digest.update(content)
            files.append(_entry(directory, folder / name, kind="frozen-answer"))
        answers.append({"id": answer.pk, "year": answer.year, "frozen_at": answer.frozen_at.isoformat(),
                        "as_of": answer.as_of.isoformat(), "frozen_by": answer.frozen_by_name,
                        "content_hash": answer.content_hash, "content_hash_matches": digest.hexdigest() ==
                        answer.content_hash, "files": [f"{folder.relative_to(directory).as_posix()}/{name}"
                                                       for name in parts]})
    return files, answers


def write_archive(directory: Path) -> dict:
    """Write the archive into `directory` (created if needed; existing files of the same names are replaced);
    returns the manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    files, counts = [], {}
    for kind in ARCHIVE_ORDER:
        path = directory / f"{kind}.csv"
        with path.open("wb") as stream:
            counts[kind] = export_file(kind=kind, stream=stream, file_format="csv")
        files.append(_entry(directory, path, kind=kind, rows=counts[kind]))
    answer_files, answers = _frozen_answers(directory)
    files += answer_files
    counts["frozen-answers"] = len(answers)
    manifest = {
        "format": ARCHIVE_FORMAT,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "import_order": list(ARCHIVE_ORDER),
        "formats": "docs/import-formats.md; CSV: UTF-8 with BOM, ';', decimal comma, dates yyyy-mm-dd",
        "content_hash": "SHA-256 of figures.json, answer.docx, answer.pdf and annexes.zip (when kept), in that order",
        "counts": counts,
        "files": files,
        "frozen_answers": answers,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def check_archive(directory: Path) -> dict:
    """The manifest of the archive in `directory`, after checking that every file it lists is there with its
    SHA-256; ImportFailed names every file that is missing or differs."""
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImportFailed([RowError(None, MANIFEST, str(error))]) from error
    problems = []
    for entry in manifest.get("files", []):
        path = directory / entry["path"]
        if not path.is_file():
            problems.append(RowError(None, entry["path"], "missing"))
        elif sha256_of(path) != entry["sha256"]:
            problems.append(RowError(None, entry["path"], "SHA-256 differs from the manifest"))
    if problems:
        raise ImportFailed(problems)
    return manifest


def import_archive(directory: Path, *, user=None) -> dict[str, int]:
    """Import the kinds of a checked archive in its order, in one transaction (all or nothing); returns the rows
    read per kind."""
    manifest = check_archive(directory)
    with transaction.atomic():
        return _import_kinds(directory, manifest, user)


def _import_kinds(directory: Path, manifest: dict, user) -> dict[str, int]:
    rows = {}
    for kind in manifest["import_order"]:
        path = directory / f"{kind}.csv"
        if not manifest["counts"].get(kind):
            rows[kind] = 0
            continue
        with path.open("rb") as source:
            summary = import_file(kind=kind, data=source, user=user, keep_rows=False)
        rows[kind] = summary.total_rows
    return rows

