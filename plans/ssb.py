"""Read figures from Statistics Norway (SSB): JSON-stat2 answers and semicolon CSV exports.

Pure parsing, no database: the result is a list of (municipality code, name, year, value)
figures plus the cells SSB marked as missing. Anything malformed raises SSBFormatError
naming the problem, so the caller can import nothing.

JSON-stat2 (PxWebApi v2, ``outputFormat=json-stat2``): one dataset with ``id``, ``size``,
``dimension.<name>.category.index/label`` and a flat ``value`` array whose last dimension
varies fastest. The region dimension (role ``geo`` or named Region) holds codes like
``K-3407`` (agg_KommSummer) or ``3407``; the time dimension (role ``time`` or named Tid)
holds years; every other dimension (ContentsCode, …) must have exactly one category.
``null`` values with a ``status`` marker (``..``, ``:``, ``.``, ``...``, ``-``) are missing,
never zero.

CSV (semicolon separated; UTF-8 or Windows-1252). A CSV file does not carry its own
provenance the way a JSON-stat2 answer does, so it must state it:

- the table: a title line beginning ``07459:`` (as SSB's export writes it) or a column
  ``tabell``/``table``;
- the measure: a column ``statistikkvariabel``/``contents`` whose cells begin with the
  code (``Personer1`` or ``Personer1 Personer``), one measure throughout;
- the source of every row: columns ``kilde``/``source`` (who published the figure) and
  ``kilde_url``/``source_url`` (where it was read);
- a header row whose first column starts with ``region``; then either *long*: a column
  ``år``/``year``/``tid`` and the value in the last column, or *wide*: one column per
  year, its heading ending in the year (``Personer 2024``);
- region cells ``3407 Gjøvik`` or ``K-3407 Gjøvik``; values with a decimal comma and
  spaces as thousands separators are fine; the missing markers above mean missing.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MISSING_MARKERS = {"..", ":", ".", "...", "-", "…"}
MAX_BYTES = 2 * 1024 * 1024
REGION_CODE = re.compile(r"^(?:K-)?(\d{4})$")
REGION_CELL = re.compile(r"^(?:K-)?(\d{4})(?:\s+(.*))?$")
TABLE_ID = re.compile(r"^(\d{5})\b")
YEAR = re.compile(r"^\d{4}$")
YEAR_AT_END = re.compile(r"(?:^|\s)(\d{4})$")


class SSBFormatError(ValueError):
    """The file is not in a shape we can import; the message says what is wrong."""


@dataclass(frozen=True)
class Figure:
    code: str
    label: str
    year: int
    value: Decimal
    source: str = ""
    source_url: str = ""


@dataclass(frozen=True)
class Missing:
    code: str
    label: str
    year: int
    marker: str


SSB_NAMES = {"statistisk sentralbyrå", "statistics norway", "ssb"}


@dataclass
class Table:
    """What a file holds: its figures, the cells marked missing, and where it says it comes from."""

    table_id: str = ""
    measure: str = ""
    measure_label: str = ""
    publisher: str = ""
    format: str = ""
    figures: list[Figure] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)

    @property
    def is_ssb(self) -> bool:
        return self.publisher.strip().lower() in SSB_NAMES

    @property
    def source(self) -> str:
        """The source every figure is labelled with: SSB only when the file says it is SSB's."""
        sources = {figure.source for figure in self.figures}
        if len(sources) == 1 and "" not in sources:
            return sources.pop()
        if self.is_ssb and self.table_id:
            return f"SSB tabell {self.table_id}"
        return self.publisher or _("several sources")

    @property
    def source_url(self) -> str:
        urls = {figure.source_url for figure in self.figures}
        if len(urls) == 1 and "" not in urls:
            return urls.pop()
        if self.is_ssb and self.table_id:
            return statbank_url(self.table_id)
        return next((url for url in sorted(urls) if url), "")


def statbank_url(table_id: str) -> str:
    return f"https://www.ssb.no/statbank/table/{table_id}"


def parse(content: bytes | str) -> Table:
    """Parse a JSON-stat2 or CSV file (told apart by the first character)."""
    if isinstance(content, bytes):
        if len(content) > MAX_BYTES:
            raise SSBFormatError(_("The file is larger than 2 MB."))
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252")
    else:
        text = content
    if not text.strip():
        raise SSBFormatError(_("The file is empty."))
    table = parse_jsonstat(text) if text.lstrip().startswith("{") else parse_csv(text)
    if not table.figures and not table.missing:
        raise SSBFormatError(_("The file holds no figures."))
    _check_duplicates(table)
    return table


def region_code(code: str) -> str:
    """«K-3407» or «3407» -> «3407»; anything else is not a municipality."""
    match = REGION_CODE.match(str(code).strip())
    if not match:
        raise SSBFormatError(
            _("Unknown region %(code)s: only municipality codes like 3407 or K-3407 can be imported.") % {"code": code}
        )
    return match.group(1)


def number(raw, where: str) -> Decimal | None:
    """A value as Decimal; None for SSB's missing markers; SSBFormatError for anything else."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise SSBFormatError(_("%(where)s: %(value)s is not a number.") % {"where": where, "value": raw})
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not math.isfinite(raw):
            raise SSBFormatError(_("%(where)s: %(value)s is not a number.") % {"where": where, "value": raw})
        return Decimal(str(raw))
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    if text in MISSING_MARKERS or text == "":
        return None
    if re.fullmatch(r"-?\d+(?:[.,]\d+)?", text):
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern rules it out
            pass
    raise SSBFormatError(_("%(where)s: «%(value)s» is not a number.") % {"where": where, "value": raw})


def _year(raw: str, where: str) -> int:
    text = str(raw).strip()
    if not YEAR.match(text):
        raise SSBFormatError(
            _("%(where)s: «%(value)s» is not a year; the import takes yearly figures only.")
            % {"where": where, "value": raw}
        )
    return int(text)


def _marker(raw) -> str:
    text = "" if raw is None else str(raw).strip()
    return text or "null"


def _check_duplicates(table: Table) -> None:
    seen = set()
    for item in [*table.figures, *table.missing]:
        key = (item.code, item.year)
        if key in seen:
            raise SSBFormatError(
                _("Region %(code)s has more than one figure for %(year)s.") % {"code": item.code, "year": item.year}
            )
        seen.add(key)


# JSON-stat2 ------------------------------------------------------------------------------


def _categories(name: str, dimension) -> list[tuple[str, str]]:
    """The categories of one dimension in index order, as (code, label)."""
    try:
        category = dimension["category"]
        index = category.get("index")
        labels = category.get("label") or {}
        if index is None:
            codes = list(labels)
        elif isinstance(index, list):
            codes = list(index)
        elif isinstance(index, dict):
            codes = sorted(index, key=lambda code: int(index[code]))
            if sorted(int(i) for i in index.values()) != list(range(len(codes))):
                raise SSBFormatError(_("Dimension %(name)s has a broken category index.") % {"name": name})
        else:
            raise TypeError
        return [(str(code), str(labels.get(code, code))) for code in codes]
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise SSBFormatError(_("Dimension %(name)s has no readable categories.") % {"name": name}) from exc


def parse_jsonstat(text: str) -> Table:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SSBFormatError(_("The file is not valid JSON (line %(line)d).") % {"line": exc.lineno}) from exc
    if isinstance(data, dict) and data.get("class") != "dataset" and isinstance(data.get("dataset"), dict):
        data = data["dataset"]  # JSON-stat 1 bundles wrap the dataset
    if not isinstance(data, dict) or not all(key in data for key in ("id", "size", "dimension", "value")):
        raise SSBFormatError(_("Wrong shape: a JSON-stat2 dataset needs «id», «size», «dimension» and «value»."))
    ids, sizes, dimensions, values = data["id"], data["size"], data["dimension"], data["value"]
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise SSBFormatError(_("Wrong shape: «id» and «size» must be lists of the same length."))
    if not isinstance(dimensions, dict) or any(name not in dimensions for name in ids):
        raise SSBFormatError(_("Wrong shape: every name in «id» needs a dimension."))
    categories = []
    for name, size in zip(ids, sizes, strict=True):
        cats = _categories(name, dimensions[name])
        if not isinstance(size, int) or len(cats) != size:
            raise SSBFormatError(
                _("Dimension %(name)s has %(count)d categories, but «size» says %(size)s.")
                % {"name": name, "count": len(cats), "size": size}
            )
        categories.append(cats)

    roles = data.get("role") or {}
    region_name = _pick_dimension(ids, roles.get("geo"), ("Region", "region", "KOKkommuneregion0000"))
    time_name = _pick_dimension(ids, roles.get("time"), ("Tid", "tid", "Year", "år"))
    if region_name is None or time_name is None:
        raise SSBFormatError(_("Wrong shape: the dataset needs a Region and a Tid (year) dimension."))
    for name, cats in zip(ids, categories, strict=True):
        if name not in (region_name, time_name) and len(cats) != 1:
            raise SSBFormatError(
                _(
                    "Wrong shape: dimension %(name)s has %(count)d categories; choose one in the query "
                    "(the import takes one figure per region and year)."
                )
                % {"name": name, "count": len(cats)}
            )

    total = math.prod(sizes)
    if isinstance(values, list):
        if len(values) != total:
            raise SSBFormatError(
                _("The dataset should have %(expected)d values (the product of «size»), but has %(count)d.")
                % {"expected": total, "count": len(values)}
            )
        value_at = values.__getitem__
    elif isinstance(values, dict):
        try:
            sparse = {int(key): value for key, value in values.items()}
        except ValueError as exc:
            raise SSBFormatError(_("Wrong shape: «value» has keys that are not positions.")) from exc
        if any(not 0 <= key < total for key in sparse):
            raise SSBFormatError(_("Wrong shape: «value» has positions outside the dataset."))
        value_at = sparse.get
    else:
        raise SSBFormatError(_("Wrong shape: «value» must be a list."))
    status = data.get("status")

    def marker_at(position: int):
        if isinstance(status, str):
            return status
        if isinstance(status, list) and position < len(status):
            return status[position]
        if isinstance(status, dict):
            return status.get(str(position))
        return None

    table = Table(table_id=_jsonstat_table_id(data), publisher=str(data.get("source") or ""), format="json-stat2")
    metric = _pick_dimension(ids, roles.get("metric"), ("ContentsCode",))
    if metric is not None:
        table.measure, table.measure_label = categories[ids.index(metric)][0]
    region_index, time_index = ids.index(region_name), ids.index(time_name)
    for position, combo in enumerate(itertools.product(*categories)):
        code_raw, label = combo[region_index]
        year_raw = combo[time_index][0]
        where = f"{label} {year_raw}"
        code = region_code(code_raw)
        year = _year(year_raw, where)
        value = number(value_at(position), where)
        if value is None:
            table.missing.append(Missing(code, label, year, _marker(marker_at(position) or value_at(position))))
        else:
            table.figures.append(Figure(code, label, year, value))
    return table


def _pick_dimension(ids: list[str], by_role, names: tuple[str, ...]) -> str | None:
    if isinstance(by_role, list) and by_role and by_role[0] in ids:
        return by_role[0]
    return next((name for name in names if name in ids), None)


def _jsonstat_table_id(data: dict) -> str:
    px = (data.get("extension") or {}).get("px") or {}
    for candidate in (px.get("tableid"), px.get("tableId"), data.get("label")):
        if candidate:
            match = TABLE_ID.match(str(candidate).strip())
            if match:
                return match.group(1)
    return ""


# CSV ------------------------------------------------------------------------------------


SOURCE_COLUMNS = ("kilde", "source")
SOURCE_URL_COLUMNS = ("kilde_url", "source_url")
TABLE_COLUMNS = ("tabell", "table")
CONTENTS_COLUMNS = ("statistikkvariabel", "contents")
YEAR_COLUMNS = ("år", "year", "tid")


def _column(lowered: list[str], names: tuple[str, ...]) -> int | None:
    return next((i for i, name in enumerate(lowered) if name in names), None)


def parse_csv(text: str) -> Table:
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    table = Table(format="csv")
    header_at = None
    for index, row in enumerate(rows):
        first = row[0].strip() if row else ""
        if first.lower().startswith("region"):
            header_at = index
            break
        match = TABLE_ID.match(first)
        if match and not table.table_id:
            table.table_id = match.group(1)
    if header_at is None:
        raise SSBFormatError(_("Wrong shape: no header row found; the first column of the header must be «region»."))
    header = [cell.strip() for cell in rows[header_at]]
    lowered = [cell.lower() for cell in header]
    source_column = _column(lowered, SOURCE_COLUMNS)
    url_column = _column(lowered, SOURCE_URL_COLUMNS)
    if source_column is None or url_column is None:
        raise SSBFormatError(
            _(
                "A CSV file must say where its figures come from: add the columns «kilde» (who published the "
                "figure) and «kilde_url» (where it was read)."
            )
        )
    table_column = _column(lowered, TABLE_COLUMNS)
    contents_column = _column(lowered, CONTENTS_COLUMNS)
    year_column = _column(lowered, YEAR_COLUMNS)
    meta_columns = {i for i in (source_column, url_column, table_column, contents_column) if i is not None}
    if year_column is not None:
        value_columns = {len(header) - 1: None}
        if len(header) - 1 in (0, year_column, *meta_columns):
            raise SSBFormatError(_("Wrong shape: the last column must hold the values."))
    else:
        value_columns = {}
        for i, name in enumerate(header):
            if i == 0 or i in meta_columns:
                continue
            match = YEAR_AT_END.search(name)
            if not match:
                raise SSBFormatError(
                    _("Wrong shape: column «%(name)s» is neither a year nor a column we know.") % {"name": name}
                )
            value_columns[i] = int(match.group(1))
        if not value_columns:
            raise SSBFormatError(_("Wrong shape: there is no column with values."))
    allowed = {0, *meta_columns, *value_columns, *([year_column] if year_column is not None else [])}
    unknown = [header[i] for i in range(len(header)) if i not in allowed]
    if unknown:
        raise SSBFormatError(
            _("Wrong shape: column «%(name)s» is neither a year nor a column we know.") % {"name": unknown[0]}
        )
    contents_seen, tables_seen = set(), set()
    for line_number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise SSBFormatError(
                _("Wrong shape: line %(line)d has %(count)d columns, the header has %(expected)d.")
                % {"line": line_number, "count": len(row), "expected": len(header)}
            )
        match = REGION_CELL.match(row[0].strip())
        if not match:
            raise SSBFormatError(
                _("Unknown region %(code)s: only municipality codes like 3407 or K-3407 can be imported.")
                % {"code": row[0].strip()}
            )
        code, label = match.group(1), (match.group(2) or match.group(1)).strip()
        source, source_url = row[source_column].strip(), row[url_column].strip()
        if not source or not re.match(r"^https?://\S+$", source_url):
            raise SSBFormatError(
                _(
                    "Line %(line)d: every row needs its source («kilde») and the address where it was read («kilde_url»)."
                )
                % {"line": line_number}
            )
        if contents_column is not None:
            contents_seen.add(row[contents_column].strip().split(" ")[0])
        if table_column is not None:
            tables_seen.add(row[table_column].strip())
        for column, year in value_columns.items():
            if year is None:
                year = _year(row[year_column], _("line %(line)d") % {"line": line_number})
            where = _("line %(line)d (%(label)s %(year)s)") % {"line": line_number, "label": label, "year": year}
            value = number(row[column], where)
            if value is None:
                table.missing.append(Missing(code, label, year, _marker(row[column])))
            else:
                table.figures.append(Figure(code, label, year, value, source=source, source_url=source_url))
    if len(contents_seen) > 1:
        raise SSBFormatError(
            _("Wrong shape: the file mixes several statistics variables (%(names)s); export one at a time.")
            % {"names": ", ".join(sorted(contents_seen))}
        )
    if len(tables_seen) > 1:
        raise SSBFormatError(
            _("Wrong shape: the file mixes several tables (%(names)s); import one table at a time.")
            % {"names": ", ".join(sorted(tables_seen))}
        )
    if tables_seen:
        table.table_id = tables_seen.pop()
    if contents_seen:
        table.measure = contents_seen.pop()
    sources = {figure.source for figure in table.figures}
    table.publisher = sources.pop() if len(sources) == 1 else ""
    return table
