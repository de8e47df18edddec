"""Spreadsheet files that cannot run formulas: CSV and XLSX cells are neutralised on export.

A cell whose text starts with =, +, -, @, a tab or a carriage return is read by Excel and
LibreOffice as a formula (OWASP "CSV injection"): a company named «=HYPERLINK(…)» would
become a live link in the secretariat's spreadsheet. Such a cell gets a leading single
quote, which spreadsheets show as text. Numbers and dates are left alone.

django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT only strips a leading
«=» (it changes the data, misses +, -, @, tab and CR, and turns every cell into text), so the
export formats here apply the rule instead: every import-export admin exports with them
(tests/backoffice/test_formula_injection.py checks each registered admin). Our own csv.writer
files use `csv_writer`.
"""

import csv

from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The cell as a spreadsheet must show it: text that could start a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore(value):
    """The inverse on import: a quote this module added in front of a formula character is dropped."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs):
    """csv.writer whose every cell is neutralised (same arguments as csv.writer)."""
    return _SafeWriter(csv.writer(stream, **kwargs))


def _neutralised(dataset):
    headers = [neutralise(header) for header in dataset.headers] if dataset.headers else None
    copy = dataset.__class__(headers=headers, title=dataset.title)
    for row in dataset:
        copy.append([neutralise(cell) for cell in row])
    return copy


class CSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralised(dataset), **kwargs)


class XLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return super().export_data(_neutralised(dataset), **kwargs)
