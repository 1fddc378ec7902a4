from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mailroom.domain.extraction.dates import date_order, find_dates, parse_date


@pytest.mark.parametrize(("text", "expected"), [
    ("31.01.2026", date(2026, 1, 31)),
    ("31/01/2026", date(2026, 1, 31)),
    ("31-01-2026", date(2026, 1, 31)),
    ("2026-01-31", date(2026, 1, 31)),
    ("26.10.22", date(2022, 10, 26)),
    ("20260131", date(2026, 1, 31)),
    ("01/31/2026", date(2026, 1, 31)),  # only month first can read it
    # month names, inflected forms and abbreviations
    ("31 stycznia 2026", date(2026, 1, 31)),
    ("3 marca 2026", date(2026, 3, 3)),
    ("12 października 2026", date(2026, 10, 12)),
    ("31 ianuarie 2026", date(2026, 1, 31)),
    ("5 martie 2026", date(2026, 3, 5)),
    ("31 januari 2026", date(2026, 1, 31)),
    ("3 mrt 2026", date(2026, 3, 3)),
    ("31 janvier 2026", date(2026, 1, 31)),
    ("1er févr. 2026", date(2026, 2, 1)),
    ("15 août 2026", date(2026, 8, 15)),
    ("31. Januar 2026", date(2026, 1, 31)),
    ("3. März 2026", date(2026, 3, 3)),
    ("3. Maerz 2026", date(2026, 3, 3)),
    ("31. Jan. 2026", date(2026, 1, 31)),
    ("January 31, 2026", date(2026, 1, 31)),
    ("31st Jan 2026", date(2026, 1, 31)),
    ("Jan. 3 2026", date(2026, 1, 3)),
])
def test_parses_dates_in_six_languages(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_day_month_order_follows_the_document() -> None:
    assert parse_date("03/04/2026") == date(2026, 4, 3)
    assert parse_date("03/04/2026", "MDY") == date(2026, 3, 4)
    assert parse_date("03.04.2026", "MDY") == date(2026, 4, 3)  # nobody writes month first with dots


def test_an_ambiguous_date_says_so() -> None:
    (found,) = find_dates("03/04/2026")
    assert found.ambiguous
    assert not next(find_dates("03.04.2026")).ambiguous


@pytest.mark.parametrize(("texts", "expected"), [
    (["11/17/2017", "11/03/2017"], "MDY"),
    (["31/01/2026", "01/02/2026"], "DMY"),
    (["01/02/2026"], None),
])
def test_detects_the_documents_date_order(texts: list[str], expected: str | None) -> None:
    assert date_order(texts) == expected


@pytest.mark.parametrize("text", ["30 de zile", "Seite 1/4", "2.2", "31.02.2026", "12:30", "Art. 12-03-45"])
def test_rejects_what_is_not_a_date(text: str) -> None:
    assert list(find_dates(text)) == []


def test_finds_dates_inside_running_text_with_their_spans() -> None:
    text = "Gültig ab 20.09.2018 15:39 Uhr bis 21.09.2018"
    found = list(find_dates(text))
    assert [f.value for f in found] == [date(2018, 9, 20), date(2018, 9, 21)]
    assert text[found[0].start:found[0].end] == "20.09.2018"


MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
           "Oktober", "November", "Dezember"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    "ro": ("ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august",
           "septembrie", "octombrie", "noiembrie", "decembrie"),
    "pl": ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
           "września", "października", "listopada", "grudnia"),
}
STYLES = (
    "{d:02d}.{m:02d}.{y}", "{d:02d}/{m:02d}/{y}", "{d}-{m}-{y}", "{y}-{m:02d}-{d:02d}",
    "{d} {month} {y}", "{d}. {month} {y}", "{month} {d}, {y}", "{d} {month_upper} {y}",
)


@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
       language=st.sampled_from(sorted(MONTHS)), style=st.sampled_from(STYLES))
def test_any_date_in_any_language_style_parses_back(day: date, language: str, style: str) -> None:
    month = MONTHS[language][day.month - 1]
    text = style.format(d=day.day, m=day.month, y=day.year, month=month, month_upper=month.upper())
    assert parse_date(text) == day, text


@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_us_documents_read_month_first(day: date) -> None:
    text = f"{day.month:02d}/{day.day:02d}/{day.year}"
    assert parse_date(text, "MDY") == day
