"""Import errors: every problem carries its spreadsheet row number (header = row 1) and column name."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_REPORTED_ERRORS = 1000


@dataclass(frozen=True)
class RowError:
    row: int | None
    column: str | None
    message: str
    text: str = field(default="", compare=False)

    def __post_init__(self):
        # Worded in the language active where the error was found (Dutch by default).
        object.__setattr__(self, "text", self.text or self._word())

    def __str__(self) -> str:
        return self.text

    def _word(self) -> str:
        if self.row is not None and self.column:
            return _("row %(row)s, column '%(column)s': %(message)s") % {
                "row": self.row, "column": self.column, "message": self.message}
        if self.row is not None:
            return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return _("column '%(column)s': %(message)s") % {"column": self.column, "message": self.message}
        return self.message

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message, "text": str(self)}


class ImportFailed(ValidationError):
    """The file was rejected: nothing was written. `row_errors` lists every problem found."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = list(row_errors)
        shown = [str(error) for error in self.row_errors[:MAX_REPORTED_ERRORS]]
        if len(self.row_errors) > MAX_REPORTED_ERRORS:
            shown.append(_("… and %(count)s more errors") % {"count": len(self.row_errors) - MAX_REPORTED_ERRORS})
        super().__init__(shown)


class ErrorCollector:
    def __init__(self):
        self.errors: list[RowError] = []

    def add(self, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(RowError(row, column, str(message)))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportFailed(self.errors)
