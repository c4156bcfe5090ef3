"""django-import-export formats that read Belgian files with our reader (encoding and delimiter detection)
and leave writing to academies.spreadsheets (formula neutralisation, numbers stay numbers)."""

import tablib
from import_export.formats.base_formats import Format

from academies.spreadsheets import export_bytes
from exchange.tables import read_table


class _ExchangeFormat(Format):
    extension = ""
    content_type = "application/octet-stream"

    def __init__(self, encoding=None):
        self.encoding = encoding

    def get_title(self):
        return self.extension

    def create_dataset(self, in_stream, **kwargs):
        """The file's bytes -> a Dataset; blank rows are kept so that row numbers match the spreadsheet."""
        data = in_stream if isinstance(in_stream, bytes) else in_stream.encode("utf-8")
        table = read_table(data, keep_blank=True)
        width = max([len(table.headers), *(len(values) for _number, values in table.rows)] or [0])
        headers = [header or f"_{index}" for index, header in enumerate(table.headers)]
        headers += [f"_{index}" for index in range(len(headers), width)]
        dataset = tablib.Dataset(headers=headers)
        for _number, values in table.rows:
            dataset.append(list(values) + [None] * (width - len(values)))
        return dataset

    def export_data(self, dataset, **kwargs):
        return export_bytes([dataset.headers, *dataset], self.extension)

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def get_extension(self):
        return self.extension

    def get_content_type(self):
        return self.content_type

    def can_import(self):
        return True

    def can_export(self):
        return True


class BelgianCSV(_ExchangeFormat):
    extension = "csv"
    content_type = "text/csv"


class BelgianXLSX(_ExchangeFormat):
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


EXCHANGE_FORMATS = [BelgianCSV, BelgianXLSX]
