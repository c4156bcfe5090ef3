"""Rules with one home: a second copy of each would creep back here first, so these tests read the source."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("academies", "grants", "payments", "reports", "exchange", "api", "identity", "assessments", "questions",
        "config", "demo", "bench")


def template_files():
    folders = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    return sorted(path for folder in folders if folder.exists() for path in folder.rglob("*")
                  if path.suffix in {".html", ".txt", ".svg", ".xml"})


def python_files():
    return sorted(path for app in APPS for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def offenders(files, pattern: re.Pattern, allowed=()) -> list[str]:
    found = []
    for path in files:
        name = str(path.relative_to(ROOT))
        if name in allowed:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    return found


def test_no_template_reads_staff_flags():
    """Who is staff is `grants.rules.is_vlaio_staff` (`perms.grants.view_staff_pages` in a template)."""
    assert offenders(template_files(), re.compile(r"\bis_staff\b|\bis_superuser\b")) == []


def test_period_overlap_is_written_once():
    """"Valid in a year" is `academies.models.valid_between` (a filter) and `is_valid_in_year` (its Python twin);
    nobody compares `valid_from`/`valid_to` by hand. The benchmark floors are hand-written SQL on purpose."""
    pattern = re.compile(r"valid_(from|to)__(lte?|gte?)\b(?!=models\.F)|\bvalid_(from|to)\s*[<>]=?\s*\w")
    allowed = {"academies/models.py"}
    files = [path for path in python_files() if path.relative_to(ROOT).parts[0] != "bench"]
    assert offenders(files, pattern, allowed) == []


def test_money_and_shares_are_rounded_in_one_place():
    """Cents and percentages are rounded by `academies.belgian` (`round_half_up`, `cents`, `percentage`) only:
    no module quantizes a Decimal or picks a rounding mode of its own. Demo data and benchmarks are not the app."""
    pattern = re.compile(r"\bROUND_[A-Z_]+|\.quantize\((?!palette=)")
    files = [path for path in python_files() if path.relative_to(ROOT).parts[0] not in {"demo", "bench"}]
    assert offenders(files, pattern, {"academies/belgian.py"}) == []


def test_dates_are_formatted_in_one_place():
    """A date is shown by `academies.belgian.format_date`/`format_datetime` (in templates the `day` and `day_time`
    filters, in tables `DayColumn`/`DayTimeColumn`); no template or module writes a date format of its own.
    `isoformat()` and the HTML date inputs' ISO values are machine formats, not display formats."""
    in_templates = re.compile(r"\|\s*(date|time)\s*:|\|\s*(date|time)\b\s*(\}\}|\|)")
    in_python = re.compile(r"strftime\(|\{[^{}]*:%[a-zA-Z]|dateformat\.format\(|date_format\(|Date(Time)?Column\(")
    assert offenders(template_files(), in_templates) == []
    allowed = {"academies/belgian.py"}
    files = [path for path in python_files() if path.relative_to(ROOT).parts[0] not in {"demo", "bench"}]
    assert offenders(files, in_python, allowed) == []


def test_no_function_over_60_lines():
    """House style: a function over 60 lines does more than one job. (`reports` and `exchange` are being split.)"""
    long = []
    for app in ("academies", "grants", "api", "identity", "assessments", "payments", "questions", "config"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno >= 60:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert long == []


def test_grants_views_read_through_selectors():
    """The portal and staff views read through `grants.selectors`: no view queries a model itself."""
    files = sorted((ROOT / "grants" / "views").glob("*.py"))
    pattern = re.compile(r"\.objects\b|\.history\b|get_object_or_404\(\s*[A-Z]\w*\s*,")
    assert offenders(files, pattern) == []


def test_one_table_base_and_one_money_and_count_column():
    """Every table derives from `academies.tables.BaseTable` and shows money and counts with its `EuroColumn` and
    `CountColumn`: no other tables module defines a column of its own for them."""
    import django_tables2

    from academies.tables import BaseTable

    for app in APPS:
        if (ROOT / app / "tables.py").exists():
            __import__(f"{app}.tables")
    pending, found = [django_tables2.Table], []
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.split(".")[0] in APPS:
                found.append(subclass)
    assert found
    assert [table.__name__ for table in found if not issubclass(table, BaseTable)] == []
    tables_modules = [path for path in python_files() if path.name == "tables.py" and path.parts[-2] != "academies"]
    assert offenders(tables_modules, re.compile(r"format_euro|format_count|format_amount")) == []


def test_lists_are_django_tables2_tables():
    """A list is a table on `BaseTable`, rendered by `includes/table.html`. Hand-written `<table>`s stay only where
    the table is a document or a summary, not a list: the answer's tables (the same cells as the Word and PDF
    answer), the participation page's gender cross-tab, an award's money summary, an application's budget in its
    content summary, the figures of an answer as sent, and the admin's own pages (admin styling)."""
    allowed = {"templates/includes/table.html", "templates/reports/includes/answer_table.html",
               "templates/reports/participation.html", "payments/templates/payments/_award_money.html",
               "templates/grants/_application_content.html",
               "questions/templates/questions/archive_detail.html", "templates/exchange/uit_fetch.html",
               "templates/exchange/importjob_result.html"}
    assert offenders(template_files(), re.compile(r"<table\b"), allowed) == []
