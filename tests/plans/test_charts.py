from decimal import Decimal as D

from plans.charts import Series, TargetLine, line_chart


def chart(**kw):
    defaults = {
        "chart_id": "c1",
        "title": "Folketall <region>",
        "description": "Regiontall per år.",
        "series": [Series("Gjøvikregionen", [(2021, D(1000)), (2022, D(1004)), (2024, D(1012))])],
        "targets": [TargetLine("Mål 2025", start=(2021, D(1000)), end=(2025, D(1010)))],
        "x_label": "År",
        "y_label": "personer",
    }
    return line_chart(**{**defaults, **kw})


def test_chart_has_every_point_and_the_target_line():
    svg = chart()
    for year, value in [(2021, 1000), (2022, 1004), (2024, 1012)]:
        assert f'data-year="{year}" data-value="{value}"' in svg
    assert svg.count('class="chart-point"') == 3
    assert 'class="chart-target" data-year="2025" data-value="1010"' in svg
    assert 'stroke-dasharray="6 4"' in svg


def test_a_missing_year_breaks_the_line_instead_of_filling_it_in():
    svg = chart()
    # 2021–2022 are joined; 2024 stands alone because 2023 is missing.
    assert svg.count("<polyline") == 1


def test_chart_is_accessible_and_scales_without_style_attributes():
    svg = chart()
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Folketall &lt;region&gt;</title>' in svg
    assert "2021: 1000, 2022: 1004, 2024: 1012" in svg  # the values, in <desc>
    assert 'viewBox="0 0 ' in svg and 'width="100%"' in svg
    assert "style=" not in svg
    assert ">År<" in svg and ">personer<" in svg


def test_empty_chart_says_so():
    svg = chart(series=[Series("Gjøvikregionen", [])], targets=[], empty_text="Ingen regiontall ennå")
    assert "Ingen regiontall ennå" in svg
    assert "chart-point" not in svg
