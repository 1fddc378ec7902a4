import pytest
from hypothesis import given
from hypothesis import strategies as st
from mailroom.domain.extraction.identifiers import (
    bare_vat_id,
    find_bics,
    find_ibans,
    find_vat_ids,
    is_valid_iban,
    is_valid_vat,
)
from stdnum import luhn
from stdnum.iso7064 import mod_11_10
from stdnum.ro import cui


def _de(body: str) -> str:
    return "DE" + body + mod_11_10.calc_check_digit(body)


def _fr(body: str) -> str:
    siren = body + luhn.calc_check_digit(body)
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def _pl(body: str) -> str | None:
    check = sum(w * int(d) for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), body)) % 11
    return None if check == 10 else f"PL{body}{check}"


def _ro(body: str) -> str:
    return "RO" + body + cui.calc_check_digit(body)


MAKERS = {"DE": (_de, 8), "FR": (_fr, 8), "PL": (_pl, 9), "RO": (_ro, 7)}


def _broken(vat: str) -> str:
    """The same id with another last digit: the checksum must catch it."""
    return vat[:-1] + str((int(vat[-1]) + 1) % 10)


@given(country=st.sampled_from(sorted(MAKERS)), data=st.data())
def test_generated_vat_ids_are_classified(country: str, data: st.DataObject) -> None:
    make, length = MAKERS[country]
    body = data.draw(st.text("0123456789", min_size=length, max_size=length).filter(lambda b: b[0] != "0"))
    vat = make(body)
    if vat is None:
        return
    assert is_valid_vat(vat)
    spaced = f"{vat[:2]} {' '.join(vat[i:i + 3] for i in range(2, len(vat), 3))}"
    (found,) = list(find_vat_ids(f"USt-IdNr.: {spaced} Tel. 0123"))
    assert (found.value, found.valid) == (vat, True)
    assert not is_valid_vat(_broken(vat))


@pytest.mark.parametrize(("text", "value", "valid"), [
    ("N° TVA intra : FR 11 123 456 782 Contact: 01 01", "FR11123456782", True),
    ("TVA : FR11999999998 - SIRET", "FR11999999998", True),
    ("Customer VAT Number ESA12345674", "ESA12345674", True),
    ("USt-IdNr.: DE136695976", "DE136695976", True),
    ("UStID#DE12345618938", "DE12345618938", False),  # printed, but its checksum fails
])
def test_finds_vat_ids_however_printed(text: str, value: str, valid: bool) -> None:
    (found,) = list(find_vat_ids(text))
    assert (found.value, found.valid) == (value, valid)


@pytest.mark.parametrize("text", ["DE 12345 Berlin", "FR 75018 PARIS", "Tel. DE +49 30 1234"])
def test_postcodes_are_not_vat_ids(text: str) -> None:
    assert list(find_vat_ids(text)) == []


@pytest.mark.parametrize(("text", "country", "value"), [
    ("CIF: 18547290", "RO", "RO18547290"),
    ("NIP: 526-000-12-46", "PL", "PL5260001246"),
])
def test_a_bare_number_gets_the_labels_country(text: str, country: str, value: str) -> None:
    found = bare_vat_id(text, country)
    assert found is not None and found.value == value


@pytest.mark.parametrize("text", [
    "IBAN: DE02120300000000202051", "IBAN : DE02 1203 0000 0000 2020 51 - BIC", "DE02 1203 0000 0000 2020 51",
])
def test_finds_ibans_spaced_or_not(text: str) -> None:
    (found,) = list(find_ibans(text))
    assert (found.value, found.valid) == ("DE02120300000000202051", True)


def test_an_iban_with_a_typo_is_found_but_marked_invalid() -> None:
    (found,) = list(find_ibans("IBAN : FR76 1254 2547 2569 8542 5874 698"))
    assert (found.value, found.valid) == ("FR7612542547256985425874698", False)
    assert not is_valid_iban(found.value)


def test_text_that_only_looks_like_an_iban_is_not_one() -> None:
    assert list(find_ibans("DE67 1004 8392 7221 888-9999")) == []


def test_bics_are_checked() -> None:
    assert [(b.value, b.valid) for b in find_bics("BIC : FIDCFR21XXX - Bank")] == [("FIDCFR21XXX", True)]
    assert list(find_bics("BIC_MONCOMPTE")) == []


@pytest.mark.parametrize(("text", "value"), [
    ("IBAN :   DEO2120300000000202051", "DE02120300000000202051"),  # letter O for a zero
    ("IBAN : FR20:1254 2547 2569 8542 5874 698 - BIC", "FR2012542547256985425874698"),  # a speck as a colon
    ("IBAN GB29.NWBK.6016.1331.9268.19", "GB29NWBK60161331926819"),
    ("IBAN: GB35 LOYD.3096 3460 4012-05", "GB35LOYD30963460401205"),
])
def test_ocr_slips_in_an_iban_are_undone_when_the_checksum_proves_it(text: str, value: str) -> None:
    assert [(i.value, i.valid) for i in find_ibans(text)] == [(value, True)]


def test_an_ocr_repair_the_checksum_does_not_prove_is_no_iban() -> None:
    assert list(find_ibans("DEO2 1203 0000 0000 2020 52")) == []
