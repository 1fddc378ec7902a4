"""Per-sender templates: invoice2data's YAML unchanged, our additions, and what they override."""

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailroom.domain.extraction import extract_fields
from mailroom.domain.extraction.templates import (
    Template,
    TemplateError,
    apply_template,
    load_templates,
    matching_template,
)
from mailroom.domain.reading import extract
from mailroom.domain.text import DocumentText
from mailroom.service_layer.templates_on_disk import read_templates

from tests.unit.extraction.conftest import document, page

SAMPLES = Path(__file__).parents[3] / "functions" / "mailroom" / "samples" / "templates"
EINVOICE = Path(__file__).parents[2] / "fixtures" / "einvoice" / "facturx_basicwl_fnfe_facture_dom.xml"
L, R, T = 0.08, 0.5, 0.75

FREE_MOBILE = document(
    "Free Mobile SAS - 16 rue de la Ville l'Evêque 75008 Paris",
    "TVA intracommunautaire FR25499247138",
    "Facture no 123456789 du 12 janvier 2026",
    [(L, "Total de la facture HT"), (T, "16.66")],
    [(L, "Montant à payer TTC*"), (T, "19.99")],
)

MUELLER = document(
    "Müller Bürobedarf GmbH · Hauptstraße 5 · 10115 Berlin",
    [(L, "Rechnung"), (R, "Rechnungsnummer: RE-2026-0042")],
    [(L, "Orbis Handel GmbH"), (R, "Rechnungsdatum: 03.02.2026")],
    [(L, "Lindenallee 3"), (R, "Fällig am: 05.03.2026")],
    [(L, "10115 Berlin"), (R, "Ihre Bestellung: BE-2026-0815")],
    [(L, "Beschreibung"), (0.4, "Menge"), (0.5, "Einzelpreis"), (0.7, "Betrag")],
    [(L, "Aktenordner blau"), (0.4, "10"), (0.5, "2,50"), (0.7, "25,00")],
    [(L, "Kopierpapier"), (0.4, "100"), (0.5, "10,00"), (0.7, "1.000,00")],
    [(R, "Nettobetrag"), (T, "1.025,00 €")],
    [(R, "MwSt. 19 %"), (T, "194,75 €")],
    [(R, "Gesamtbetrag"), (T, "1.219,75 €")],
)


def template(yaml: str, name: str = "t.yml") -> Template:
    [loaded] = load_templates({name: yaml})
    return loaded


def values(extraction) -> dict[str, str]:
    return {name: f.value for name, f in extraction.fields.items()}


def failed(extraction) -> list[str]:
    return [c.detail for c in extraction.checks if not c.ok]


# --- invoice2data templates, unchanged ---------------------------------------------------

def test_an_unchanged_invoice2data_template_reads_its_invoice() -> None:
    [free] = [t for t in read_templates(SAMPLES) if t.name == "fr.free.mobile.yml"]
    assert matching_template([free], FREE_MOBILE) is free
    result = extract(FREE_MOBILE, templates=[free])
    got = values(result)
    assert (got["invoice_number"], got["issue_date"], got["grand_total"], got["net_total"]) == (
        "123456789", "2026-01-12", "19.99", "16.66")
    assert got["seller_vat_id"] == "FR25499247138" and got["currency"] == "EUR"
    total = result.fields["grand_total"]
    assert total.confidence == 0.95 and total.provenance.method == "text-layer" and total.provenance.page == 1
    assert "fr.free.mobile.yml" in total.why and r"payer TTC\*" in total.why
    static = result.fields["seller_vat_id"]
    assert static.provenance.method == "template" and static.provenance.page is None


def test_remove_whitespace_and_strptime_formats_as_in_the_digitalocean_template() -> None:
    [ocean] = [t for t in read_templates(SAMPLES) if t.name == "com.digitalocean.yml"]
    doc = document("DigitalOcean LLC   VAT EU528002224", "Invoice Number: 471152",
                   "Date Issued: February 3, 2026", [(R, "Total:"), (T, "$ 1,204.50")])
    result = apply_template(ocean, doc, extract_fields(doc))
    assert {n: result.value(n) for n in ("invoice_number", "issue_date", "grand_total", "currency")} == {
        "invoice_number": "471152", "issue_date": "2026-02-03", "grand_total": "1204.50", "currency": "USD"}


# --- overriding only what a template defines ----------------------------------------------

def test_a_template_overrides_only_its_fields_and_keeps_the_engines_others() -> None:
    only_total = template("keywords: [Müller]\nfields:\n  grand_total: Gesamtbetrag\\s+(\\S+)\n"
                          "options: {decimal_separator: ','}\n")
    base = extract_fields(MUELLER)
    result = apply_template(only_total, MUELLER, base)
    assert result.fields["grand_total"].why.startswith("template 't.yml'")
    assert {k: v for k, v in values(result).items() if k != "grand_total"} == {
        k: v for k, v in values(base).items() if k != "grand_total"}
    assert result.lines == base.lines and result.document_type == base.document_type


def test_a_regex_that_misses_keeps_the_engines_value_and_says_so() -> None:
    missing = template("keywords: [Müller]\nfields:\n  amount: Endbetrag\\s+(\\S+)\n  invoice_number: Beleg (\\d+)\n")
    base = extract_fields(MUELLER)
    result = apply_template(missing, MUELLER, base)
    assert result.fields["grand_total"] == base.fields["grand_total"]
    assert result.fields["invoice_number"] == base.fields["invoice_number"]
    assert any("missed grand_total (amount)" in d and "Endbetrag" in d for d in failed(result))


def test_a_capture_that_is_not_a_value_of_its_field_is_a_miss() -> None:
    wrong = template("keywords: [Müller]\nfields:\n  date: Rechnungsnummer:\\s*(\\S+)\n")
    result = apply_template(wrong, MUELLER, extract_fields(MUELLER))
    assert result.value("issue_date") == "2026-02-03"  # the engine's
    assert any("captured 'RE-2026-0042', which is not a date" in d for d in failed(result))


def test_our_additions_native_names_sender_confidence_document_type_and_lines() -> None:
    [ours] = [t for t in read_templates(SAMPLES) if t.name == "de.mueller-buerobedarf.yml"]
    assert matching_template([ours], MUELLER, sender="Buchhaltung <rechnung@mueller-buero.de>") is ours
    result = apply_template(ours, MUELLER, extract_fields(MUELLER))
    assert {n: result.value(n) for n in ("invoice_number", "issue_date", "due_date", "po_number", "seller_vat_id",
                                          "net_total", "tax_total", "grand_total", "currency")} == {
        "invoice_number": "RE-2026-0042", "issue_date": "2026-02-03", "due_date": "2026-03-05",
        "po_number": "BE-2026-0815", "seller_vat_id": "DE136695976", "net_total": "1025.00",
        "tax_total": "194.75", "grand_total": "1219.75", "currency": "EUR"}
    assert result.fields["grand_total"].confidence >= 0.99 - 1e-9
    assert result.fields["invoice_number"].confidence == 0.97
    assert [(line.description, line.quantity, line.unit_price, line.net_amount) for line in result.lines] == [
        ("Aktenordner blau", 10, 2.5, 25), ("Kopierpapier", 100, 10, 1000)]
    checks = {c.name: c for c in result.checks}
    assert checks["totals_add_up"].ok and checks["lines_sum_to_net"].ok and checks["due_after_issue"].ok


def test_cross_checks_run_again_on_the_templates_values() -> None:
    off = template("keywords: [Müller]\nfields:\n  grand_total: Nettobetrag\\s+(\\S+)\n"
                   "options: {decimal_separator: ','}\n")
    result = apply_template(off, MUELLER, extract_fields(MUELLER))
    assert [c.ok for c in result.checks if c.name == "totals_add_up"] == [False]


def test_a_credit_note_template_sets_the_type_and_positive_totals() -> None:
    credit = template("keywords: [Müller]\ndocument_type: credit_note\nfields:\n  amount: Gesamtbetrag\\s+(-?\\S+)\n")
    doc = document("Müller Bürobedarf GmbH", [(R, "Gesamtbetrag"), (T, "-19,99 €")])
    result = apply_template(credit, doc, extract_fields(doc))
    assert result.document_type == "credit_note" and result.value("grand_total") == "19.99"


# --- which template ----------------------------------------------------------------------

def test_every_keyword_must_match_and_no_excluded_one() -> None:
    both, excluded = template("keywords: [Müller, Rechnung]"), template("keywords: [Müller]\nexclude_keywords: Gutschrift")
    assert matching_template([both], MUELLER) is both
    assert matching_template([template("keywords: [Müller, Gutschrift]")], MUELLER) is None
    assert matching_template([excluded], MUELLER) is excluded
    assert matching_template([excluded], document("Müller Bürobedarf", "Gutschrift 12")) is None


def test_priority_then_specificity_decide_between_matches() -> None:
    loose, tight, urgent = (load_templates({
        "a.yml": "keywords: [Müller]", "b.yml": "keywords: [Müller, Rechnung]",
        "c.yml": "keywords: [Berlin]\npriority: 9"}))
    assert matching_template([loose, tight], MUELLER) is tight
    assert matching_template([loose, tight, urgent], MUELLER) is urgent


def test_a_sender_must_match_when_it_is_known() -> None:
    by_address, by_domain, senderless = load_templates({  # sorted by file name
        "domain.yml": "keywords: [Müller]\nsender: mueller-buero.de",
        "address.yml": "keywords: [Müller]\nsender: [rechnung@mueller-buero.de]",
        "none.yml": "keywords: [Müller]"})
    candidates = [by_domain, by_address, senderless]
    assert matching_template(candidates, MUELLER, sender="Rechnung@Mueller-Buero.de") is by_address
    assert matching_template(candidates, MUELLER, sender="info@mail.mueller-buero.de") is by_domain
    assert matching_template(candidates, MUELLER, sender="someone@elsewhere.com") is senderless
    assert matching_template([by_domain], MUELLER, sender="x@not-mueller-buero.de") is None
    assert matching_template([by_domain], MUELLER) is by_domain  # unknown sender: keywords decide


def test_a_sender_only_template_needs_the_sender() -> None:
    only = template("sender: acme.com\nfields:\n  po_number: PO (\\d+)")
    doc = document("PO 4711")
    assert matching_template([only], doc) is None
    assert matching_template([only], doc, sender="billing@acme.com") is only


# --- options -----------------------------------------------------------------------------

@pytest.mark.parametrize(("options", "printed", "expected"), [
    ("decimal_separator: ','", "1.234,56", "1234.56"),
    ("decimal_separator: '.'", "1,234.56", "1234.56"),
    ("", "1 234,56", "1234.56"),  # no option: the document's own separator
    ("replace: [['O', '0']]", "1O5.5O", "105.50"),  # an OCR fix before the regex runs
    ("remove_whitespace: true", "1 2 3 . 4 5", "123.45"),
])
def test_amount_options(options: str, printed: str, expected: str) -> None:
    amount = template(f"keywords: [Summe]\nfields:\n  amount: 'Summe:\\s*(.+)'\noptions: {{{options}}}\n")
    doc = document("Summe: " + printed)
    result = apply_template(amount, doc, extract_fields(doc))
    assert result.value("grand_total") == expected, failed(result)


@pytest.mark.parametrize(("options", "printed", "expected"), [
    ("date_formats: ['%m/%d/%Y']", "03/04/2026", "2026-03-04"),
    ("date_formats: ['%d/%m/%Y']", "03/04/2026", "2026-04-03"),
    ("date_formats: ['%B %d, %Y']", "March 4, 2026", "2026-03-04"),
    ("languages: [fr]", "4 mars 2026", "2026-03-04"),  # our month names where strptime has none
    ("lowercase: true", "4 MARS 2026", "2026-03-04"),
    ("remove_accents: true", "4 févr. 2026", "2026-02-04"),
])
def test_date_options(options: str, printed: str, expected: str) -> None:
    dated = template(f"keywords: [Datum]\nfields:\n  date: '(?i)datum: (.+)'\noptions:\n  {options}\n")
    doc = document("Datum: " + printed)
    assert apply_template(dated, doc, extract_fields(doc)).value("issue_date") == expected


def test_currency_option_applies_only_when_no_field_reads_one() -> None:
    doc = document("Betrag 12,00 CHF")
    option_only = template("keywords: [Betrag]\noptions: {currency: CHF}")
    field_wins = template("keywords: [Betrag]\nfields:\n  currency: Betrag \\S+ (\\w+)\noptions: {currency: EUR}")
    assert apply_template(option_only, doc, extract_fields(doc)).fields["currency"].why.endswith("options.currency")
    assert apply_template(field_wins, doc, extract_fields(doc)).value("currency") == "CHF"


def test_a_template_without_options_leaves_the_currency_alone() -> None:
    doc = document("Betrag 12,00 CHF")
    plain = template("keywords: [Betrag]")
    assert apply_template(plain, doc, extract_fields(doc)).fields == extract_fields(doc).fields


# --- values and groups -------------------------------------------------------------------

def test_groups_sum_and_last_and_an_ambiguous_field_goes_to_review() -> None:
    doc = document("Posten 10,00", "Posten 2,50", "Nr A-1", "Nr A-2")
    grouped = template("keywords: [Posten]\nfields:\n  sum_amount: ['Posten (\\S+)']\n"
                       "  invoice_number: {parser: regex, regex: 'Nr (\\S+)', group: last}\n"
                       "  po_number: 'Nr (\\S+)'\noptions: {decimal_separator: ','}")
    result = apply_template(grouped, doc, extract_fields(doc))
    assert result.value("grand_total") == "12.50" and result.value("invoice_number") == "A-2"
    assert result.value("po_number") == "A-1" and result.fields["po_number"].confidence <= 0.5
    assert "several different values" in result.fields["po_number"].why


def test_identifiers_lose_their_spaces_and_the_page_is_the_one_matched() -> None:
    doc = DocumentText(pages=[page("Rechnung"), page("IBAN DE02 1203 0000 0000 2020 51", number=2)])
    iban = template("keywords: [Rechnung]\nfields:\n  iban: 'IBAN ([A-Z]{2}[\\d ]+\\d)'")
    found = apply_template(iban, doc, extract_fields(doc)).fields["iban"]
    assert found.value == "DE02120300000000202051" and found.provenance.page == 2


def test_a_regex_with_two_groups_misses_that_field_only() -> None:
    tangled = template("keywords: [Müller]\nfields:\n  amount: (Gesamt)betrag\\s+(\\S+)\n"
                       "  invoice_number: 'Rechnungsnummer: (\\S+)'")
    result = apply_template(tangled, MUELLER, extract_fields(MUELLER))
    assert result.value("invoice_number") == "RE-2026-0042"
    assert any("2 capturing groups" in d for d in failed(result))


# --- lines -------------------------------------------------------------------------------

ORDER_LINES = document(
    "Acme Parts", "Pos Article Qty Price Amount",
    "1 Bolt M8 100 0.10 10.00", [(0.12, "Lot: 4711")], [(0.12, "Note: zinc plated")],
    [(0.12, "Lot: 9999")],  # after the last line of an item, before the next: belongs to none
    "9 Shipping flat 1 5.00 5.00",
    "Subtotal 15.00",
    "2 Nut M8 50 0.20 10.00", [(0.12, "Lot: 4712")],
    "Total 25.00",
)


def test_first_line_line_and_last_line_build_one_item_each() -> None:
    lined = template(r"""
keywords: [Acme Parts]
lines:
  start: Pos\s+Article
  end: Total
  first_line: ^\d+ (?P<name>.+?) (?P<qty>\d+) (?P<price_unit>\S+) (?P<price_subtotal>\S+)$
  line: '^\s+(?P<name>Lot: \d+)$'  # indented like pdftotext -layout indents detail lines
  last_line: '^\s+Note: (?P<name>.+)$'
  skip_line: [Shipping, Subtotal]
""")
    result = apply_template(lined, ORDER_LINES, extract_fields(ORDER_LINES))
    assert [(i.description, i.quantity, i.unit_price, i.net_amount) for i in result.lines] == [
        ("Bolt M8 Lot: 4711 zinc plated", 100, Decimal("0.10"), 10), ("Nut M8 Lot: 4712", 50, Decimal("0.20"), 10)]


def test_lines_under_fields_and_several_rule_sets() -> None:
    lined = template(r"""
keywords: [Acme Parts]
fields:
  lines:
    parser: lines
    rules:
      - {start: Pos, end: Subtotal, line: '^\d+ (?P<description>.+?) (?P<quantity>\d+) \S+ (?P<net_amount>\S+)$'}
      - {start: Subtotal, end: Total, line: '^\d+ (?P<description>.+?) (?P<quantity>\d+) \S+ (?P<net_amount>\S+)$'}
""")
    result = apply_template(lined, ORDER_LINES, extract_fields(ORDER_LINES))
    assert [i.description for i in result.lines] == ["Bolt M8", "Shipping flat", "Nut M8"]


def test_lines_that_find_nothing_keep_the_engines_lines() -> None:
    lined = template("keywords: [Müller]\nlines: {start: Artikelliste, end: Ende, line: '(?P<name>.+)'}")
    base = extract_fields(MUELLER)
    result = apply_template(lined, MUELLER, base)
    assert result.lines == base.lines and any("found no lines" in d for d in failed(result))


# --- errors name the file and the key ----------------------------------------------------

@pytest.mark.parametrize(("yaml", "message"), [
    ("keywords: [a\nfields: {", "acme.yml: not valid YAML"),
    ("- just\n- a list", "acme.yml: a template is a mapping"),
    ("keywords: [x]\nfields:\n  amount: Total (\\d+", "acme.yml: fields.amount.regex.0: bad regex 'Total (\\\\d+'"),
    ("keywords: [x]\noptions:\n  replace: [['(a)', '\\g<9>']]", "acme.yml: options.replace.0: bad replacement"),
    ("fields:\n  amount: Total (\\d+)", "acme.yml: template: a template needs `keywords` or a `sender`"),
    ("keywords: [x]\nfields:\n  amount: a(\\d)\n  grand_total: b(\\d)", "'amount' and 'grand_total' both set grand_total"),
    ("keywords: [x]\nfields:\n  invoice_number: {regex: a(\\d), group: sum}", "group 'sum' needs an amount or a date"),
    ("keywords: [x]\nfields:\n  amount: {parser: table}", "acme.yml: fields.amount.parser"),
    ("keywords: [x]\nfields:\n  amount: {parser: static}", "the static parser needs a `value`"),
    ("keywords: [x]\nlines: {start: a, end: b}", "acme.yml: lines.rules.0.line"),
])
def test_an_unusable_template_is_a_clear_error(yaml: str, message: str) -> None:
    with pytest.raises(TemplateError) as error:
        load_templates({"acme.yml": yaml})
    assert message in str(error.value)


def test_the_folder_loader_reads_yaml_files_recursively_and_names_them(tmp_path: Path) -> None:
    (tmp_path / "de").mkdir()
    (tmp_path / "de" / "a.yaml").write_text("keywords: [a]")
    (tmp_path / "b.yml").write_text("keywords: [b]")
    (tmp_path / "notes.txt").write_text("not a template")
    assert [t.name for t in read_templates(tmp_path)] == ["b.yml", "de/a.yaml"]
    (tmp_path / "c.yml").write_text("keywords: [c]\nfields: {amount: '('}")
    with pytest.raises(TemplateError, match="c.yml: fields.amount"):
        read_templates(tmp_path)


# --- the reading path --------------------------------------------------------------------

def test_e_invoice_xml_still_wins_over_a_template() -> None:
    everything = template("keywords: ['']\nfields:\n  invoice_number: {parser: static, value: WRONG}")
    doc = DocumentText(xml=EINVOICE.read_bytes(), pages=[page("anything")])
    assert extract(doc, templates=[everything]).value("invoice_number") != "WRONG"
    assert extract(DocumentText(pages=[page("anything")]), templates=[everything]).value("invoice_number") == "WRONG"


ALL_OPTIONS = load_templates({"everything.yml": r"""
keywords: ['']
fields:
  amount: {parser: regex, regex: ['(\S+)', '(\d+)'], group: sum}
  amount_tax: {parser: regex, regex: '(\S+)', group: max}
  date: '(\S+)'
  date_due: {parser: regex, regex: '(\S*)', group: min}
  currency: '(\S+)'
  iban: '(.+)'
  invoice_number: {parser: regex, regex: '(.*)', group: join}
  lines: {parser: lines, start: '\S', end: '\S', line: '(?P<name>.*) (?P<qty>\S+) (?P<price_subtotal>\S*)'}
options: {remove_whitespace: true, remove_accents: true, lowercase: true, replace: [['\d', '1']],
          date_formats: ['%d.%m.%Y']}
"""})


INVOICE_LIKE = st.text(alphabet="0123456789 .,-/:%€$()ABCdemärzé\t", max_size=40)


@given(rows=st.lists(st.one_of(st.text(max_size=40), INVOICE_LIKE), max_size=6))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_arbitrary_text_never_crashes_a_template(rows: list[str]) -> None:
    doc = document(*[row for row in rows if row.strip()])
    base = extract_fields(doc)
    result = apply_template(ALL_OPTIONS[0], doc, base)
    assert set(base.fields) <= set(result.fields)
