"""The rules, evaluated on constructed series (plain data, no database)."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from plans.evaluation import evaluate
from plans.verdicts import Result, Status, combine, region_series

A, B = "Østre Toten", "Vestre Toten"
NAMES = [A, B]


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield


def two(a: dict, b: dict):
    return {A: {y: D(v) for y, v in a.items()}, B: {y: D(v) for y, v in b.items()}}


def run(rule, data, value=None, baseline_year=2021, target_year=2025, **kw):
    return evaluate(
        rule=rule,
        series=data,
        municipalities=NAMES,
        baseline_year=baseline_year,
        target_year=target_year,
        value=None if value is None else D(value),
        **kw,
    )


def test_region_values_exist_only_for_years_every_municipality_has():
    data = two({2021: 100, 2022: 110}, {2021: 50})
    assert region_series(data, NAMES) == {2021: D(150)}
    assert region_series(data, NAMES, "mean") == {2021: D(75)}


# Relative growth (+1 %)
def test_relative_growth_exact_hit_in_the_target_year_is_achieved():
    result = run("relative_growth", two({2021: 600, 2025: 606}, {2021: 400, 2025: 404}), 1)
    assert result.status == Status.ACHIEVED
    assert result.target_value == D("1010")
    assert (result.baseline, result.latest, result.latest_year) == (D(1000), D(1010), 2025)
    assert "er nådd" in result.sentence


def test_relative_growth_just_below_in_the_target_year_is_not_achieved():
    result = run("relative_growth", two({2021: 600, 2025: 606}, {2021: 400, 2025: 403}), 1)
    assert result.status == Status.NOT_ACHIEVED
    assert "er ikke nådd" in result.sentence


def test_relative_growth_on_pace_before_the_target_year_is_on_track():
    # Needed: +10 over 4 years = 2.5 a year; after 2 years +5 is exactly on pace.
    result = run("relative_growth", two({2021: 600, 2023: 603}, {2021: 400, 2023: 402}), 1)
    assert result.status == Status.ON_TRACK
    assert result.latest_year == 2023


def test_relative_growth_slower_than_the_needed_pace_is_behind():
    result = run("relative_growth", two({2021: 600, 2023: 603}, {2021: 400, 2023: 401}), 1)
    assert result.status == Status.BEHIND
    assert "for sakte" in result.sentence


def test_missing_baseline_gives_no_data_and_names_what_is_missing():
    result = run("relative_growth", two({2020: 600, 2025: 700}, {2021: 400, 2025: 500}), 1)
    assert result.status == Status.NO_DATA
    assert result.baseline is None and result.target_value is None
    assert "2021" in result.sentence and A in result.sentence and B not in result.sentence


def test_missing_latest_year_falls_back_to_the_newest_complete_year_and_says_so():
    data = two({2021: 600, 2024: 606, 2025: 700}, {2021: 400, 2024: 404})
    result = run("absolute_growth", data, 10)
    assert result.latest_year == 2024  # 2025 is never filled in for Vestre Toten
    assert result.latest == D(1010)
    assert result.status == Status.ON_TRACK
    assert "2025" in result.sentence and B in result.sentence


def test_no_year_after_the_baseline_gives_no_data():
    result = run("absolute_growth", two({2021: 600, 2025: 606}, {2021: 400}), 700)
    assert result.status == Status.NO_DATA
    assert "Vestre Toten" in result.sentence and "2025" in result.sentence
    assert result.baseline == D(1000)


# Absolute growth (+700)
@pytest.mark.parametrize(("latest_b", "status"), [(1000, Status.ACHIEVED), (999, Status.NOT_ACHIEVED)])
def test_absolute_growth_exact_hit_and_just_below(latest_b, status):
    result = run("absolute_growth", two({2021: 1000, 2025: 1200}, {2021: 500, 2025: latest_b}), 700)
    assert result.status == status
    assert result.target_value == D(2200)


# No municipality declines
def test_no_decline_names_the_municipalities_that_went_down():
    data = {
        "Gjøvik": {2024: D(30903), 2025: D(31175)},
        A: {2024: D(14840), 2025: D(14827)},
        B: {2024: D(13691), 2025: D(13649)},
    }
    result = evaluate(
        rule="no_decline",
        series=data,
        municipalities=["Gjøvik", A, B],
        baseline_year=2024,
        target_year=2025,
    )
    assert result.status == Status.NOT_ACHIEVED
    assert result.sentence == (
        "Østre Toten (14\xa0840 → 14\xa0827) og Vestre Toten (13\xa0691 → 13\xa0649) hadde færre innbyggere "
        "i 2025 enn i 2024."
    )


def test_no_decline_with_an_exactly_flat_municipality_is_achieved():
    result = run("no_decline", two({2021: 100, 2025: 100}, {2021: 50, 2025: 51}))
    assert result.status == Status.ACHIEVED
    assert "Ingen kommune gikk ned" in result.sentence


def test_no_decline_before_the_target_year_is_on_track():
    assert run("no_decline", two({2021: 100, 2023: 101}, {2021: 50, 2023: 50})).status == Status.ON_TRACK


def test_no_decline_missing_baseline_names_the_municipality():
    result = run("no_decline", two({2021: 100, 2025: 101}, {2025: 50}))
    assert result.status == Status.NO_DATA
    assert B in result.sentence and A not in result.sentence


# Compound annual growth (0.5 % a year)
def test_annual_growth_exact_hit_is_achieved():
    # 1000 * 1.005^5 = 1025.25...
    result = run("annual_growth", two({2020: 600, 2025: "615.152"}, {2020: 400, 2025: "410.101"}), "0.5", 2020)
    assert result.status == Status.ACHIEVED
    assert result.target_value.quantize(D("0.01")) == D("1025.25")


def test_annual_growth_just_below_is_behind():
    result = run("annual_growth", two({2020: 600, 2025: 615}, {2020: 400, 2025: 410}), "0.5", 2020)
    assert result.status == Status.NOT_ACHIEVED
    assert "0,5 % per år" in result.sentence


def test_annual_growth_pace_before_the_target_year():
    on_pace = run("annual_growth", two({2020: 600, 2022: "606.015"}, {2020: 400, 2022: "404.01"}), "0.5", 2020)
    assert on_pace.status == Status.ON_TRACK
    slow = run("annual_growth", two({2020: 600, 2022: 605}, {2020: 400, 2022: 404}), "0.5", 2020)
    assert slow.status == Status.BEHIND


def test_annual_growth_with_a_decline_in_one_municipality_can_still_be_on_track_for_the_region():
    result = run("annual_growth", two({2020: 600, 2022: 620}, {2020: 400, 2022: 395}), "0.5", 2020)
    assert result.status == Status.ON_TRACK


# Percentage-point change (+1 pp), a rate: the region figure is the mean
@pytest.mark.parametrize(("b_2025", "status"), [("11", Status.ACHIEVED), ("10.98", Status.NOT_ACHIEVED)])
def test_point_change_exact_hit_and_just_below(b_2025, status):
    data = two({2020: "10", 2025: "11"}, {2020: "10", 2025: b_2025})
    result = run("point_change", data, 1, 2020, aggregation="mean")
    assert result.status == status
    assert result.target_value == D(11)


def test_point_change_without_any_data_is_no_data():
    result = run("point_change", {}, 1, 2020, aggregation="mean")
    assert result.status == Status.NO_DATA
    assert "Østre Toten og Vestre Toten" in result.sentence


# Milestones: only projects whose status a source confirms count
def test_milestones():
    started = [("Rv4", "started", True), ("Gjøvikbanen", "completed", True)]
    assert run("milestones", {}, projects=started, current_year=2026).status == Status.ACHIEVED
    adopted = [("Rv4", "adopted", True), ("Gjøvikbanen", "started", True)]
    assert run("milestones", {}, projects=adopted, current_year=2024).status == Status.ON_TRACK
    assert run("milestones", {}, projects=adopted, current_year=2026).status == Status.PARTLY
    proposed = [("Rv4", "proposed", True), ("Gjøvikbanen", "started", True)]
    result = run("milestones", {}, projects=proposed, current_year=2024)
    assert result.status == Status.BEHIND
    assert result.sentence == (
        "Av 2 prosjekter med bekreftet status er 1 vedtatt og 1 bekreftet igangsatt "
        "(målet: vedtatt og igangsatt innen 2025)."
    )
    nothing = [("Rv4", "proposed", True)]
    assert run("milestones", {}, projects=nothing, current_year=2026).status == Status.NOT_ACHIEVED
    assert run("milestones", {}, projects=[], current_year=2024).status == Status.NO_DATA


def test_unverified_projects_never_make_the_target_behind():
    unverified = [("Rv4 sør", "proposed", False), ("Gjøvikbanen", "proposed", False)]
    during = run("milestones", {}, projects=unverified, current_year=2024)
    after = run("milestones", {}, projects=unverified, current_year=2026)
    assert during.status == after.status == Status.NO_DATA
    assert "ingen kilde bekrefter status" in during.sentence
    assert "2 prosjekter har ingen bekreftet status og telles ikke med" in during.sentence
    mixed = [("Rv4", "adopted", True), ("Gjøvikbanen", "proposed", False)]
    assert run("milestones", {}, projects=mixed, current_year=2024).status == Status.ON_TRACK


def test_an_unmeasured_part_says_so():
    result = run("unmeasured", {}, part="flere nye og store bedriftsetableringer", baseline_year=None)
    assert result.status == Status.NOT_MEASURED
    assert result.status.label == "Måles ikke ennå"
    assert "flere nye og store bedriftsetableringer" in result.sentence


def r(status):
    return Result(status, "")


def test_during_the_period_behind_outweighs_no_data_and_achieved_counts_as_on_track():
    assert combine([r(Status.ACHIEVED), r(Status.ON_TRACK)]) == Status.ON_TRACK
    assert combine([r(Status.ON_TRACK), r(Status.NO_DATA)]) == Status.NO_DATA
    assert combine([r(Status.NO_DATA), r(Status.BEHIND)]) == Status.BEHIND
    assert combine([r(Status.NOT_MEASURED), r(Status.NOT_MEASURED)]) == Status.NOT_MEASURED
    assert combine([]) == Status.NO_DATA


@pytest.mark.parametrize(
    ("parts", "verdict"),
    [
        ([Status.ACHIEVED, Status.ACHIEVED], Status.ACHIEVED),
        ([Status.ACHIEVED, Status.ACHIEVED, Status.NOT_ACHIEVED], Status.PARTLY),
        ([Status.NOT_ACHIEVED, Status.NOT_ACHIEVED], Status.NOT_ACHIEVED),
        ([Status.NOT_ACHIEVED, Status.NO_DATA], Status.NOT_ACHIEVED),
        ([Status.ACHIEVED, Status.NO_DATA], Status.NO_DATA),
        ([Status.NO_DATA, Status.NOT_MEASURED], Status.NO_DATA),
        ([Status.PARTLY], Status.PARTLY),
    ],
)
def test_after_the_period_a_target_is_achieved_partly_or_not(parts, verdict):
    assert combine([r(s) for s in parts], period_over=True) == verdict


# The population target on the real baseline (plans/data/indicators-found.csv), computed by hand:
# 1 January 2021: 30 395 + 14 871 + 13 459 + 5 579 + 6 581 = 70 885
# 1 January 2025: 31 175 + 14 827 + 13 649 + 5 597 + 6 544 = 71 792 (+907; 907 / 70 885 = 1.2795 %)
# Goals: +1 % = 71 593.85; +700 = 71 585. Østre Toten 14 871 → 14 827 and Nordre Land 6 581 → 6 544 declined.
POPULATION = {
    "Gjøvik": {2021: 30395, 2024: 30903, 2025: 31175, 2026: 31350},
    "Østre Toten": {2021: 14871, 2024: 14840, 2025: 14827, 2026: 14925},
    "Vestre Toten": {2021: 13459, 2024: 13691, 2025: 13649, 2026: 13612},
    "Søndre Land": {2021: 5579, 2024: 5587, 2025: 5597, 2026: 5603},
    "Nordre Land": {2021: 6581, 2024: 6510, 2025: 6544, 2026: 6510},
}


def population(rule, value=None, current_year=2026):
    series = {name: {y: D(v) for y, v in years.items()} for name, years in POPULATION.items()}
    return evaluate(
        rule=rule,
        series=series,
        municipalities=list(POPULATION),
        baseline_year=2021,
        target_year=2025,
        value=None if value is None else D(value),
        current_year=current_year,
    )


def test_population_growth_after_the_period_is_reached_by_hand():
    relative = population("relative_growth", 1)
    assert (relative.baseline, relative.latest, relative.latest_year) == (D(70885), D(71792), 2025)
    assert relative.status == Status.ACHIEVED
    assert relative.target_value == D("71593.85")
    assert "Fra 70\xa0885 i 2021 til 71\xa0792 i 2025 (+907, +1,28 %)" in relative.sentence
    assert "2026, er 72\xa0000 (+1\xa0115, +1,57 % fra 2021)" in relative.sentence
    absolute = population("absolute_growth", 700)
    assert absolute.status == Status.ACHIEVED
    assert absolute.target_value == D(71585)


def test_population_growth_just_short_of_one_per_cent_is_not_reached():
    POPULATION["Gjøvik"][2025] -= 199  # 71 593 < 71 593.85
    try:
        assert population("relative_growth", 1).status == Status.NOT_ACHIEVED
        assert population("absolute_growth", 700).status == Status.ACHIEVED  # 71 593 ≥ 71 585
    finally:
        POPULATION["Gjøvik"][2025] += 199


def test_population_no_decline_after_the_period_names_who_declined_by_hand():
    result = population("no_decline")
    assert result.status == Status.NOT_ACHIEVED
    assert result.sentence.startswith(
        "Østre Toten (14\xa0871 → 14\xa0827) og Nordre Land (6\xa0581 → 6\xa0544) hadde færre innbyggere i 2025"
    )
    assert "I 2026 ligger Nordre Land (6\xa0581 → 6\xa0510) fortsatt under 2021." in result.sentence
    parts = [population("relative_growth", 1), population("absolute_growth", 700), result]
    assert combine(parts, period_over=True) == Status.PARTLY


def test_after_the_period_it_never_says_on_track():
    for rule, value in (("relative_growth", 1), ("absolute_growth", 700), ("no_decline", None)):
        assert population(rule, value).status not in (Status.ON_TRACK, Status.BEHIND)


def test_during_the_period_it_says_on_track_or_behind_never_reached():
    during = {
        rule: population(rule, value, current_year=2025).status
        for rule, value in (("relative_growth", 1), ("absolute_growth", 700), ("no_decline", None))
    }
    assert during == {
        "relative_growth": Status.ON_TRACK,
        "absolute_growth": Status.ON_TRACK,
        "no_decline": Status.BEHIND,
    }
