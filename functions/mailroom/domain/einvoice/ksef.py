"""Poland's KSeF structured invoice, logical structure FA(2) and FA(3).

Both versions keep the fields used here in the same elements; only the namespace differs. KSeF
does not print a single net or VAT total: it gives one net (P_13_x) and one VAT (P_14_x)
element per rate bucket, so those totals are the exact sum of the buckets present. The P_14_xW
elements repeat the VAT in PLN for foreign-currency invoices and are deliberately left out."""

from mailroom.domain.einvoice.syntax import LineTable, Pick, Syntax, TypeRule, rule

FA2_NS = "http://crd.gov.pl/wzor/2023/06/29/12648/"  # FA(2), KSeF 1.0, from 2023-09
FA3_NS = "http://crd.gov.pl/wzor/2025/06/25/13775/"  # FA(3), KSeF 2.0, from 2026-02

# Net buckets: 23/22 %, 8/7 %, 5 %, taxi 4/3 %, OSS, 0 % domestic / intra-EU / export, exempt,
# outside Poland, art. 100 services, domestic reverse charge, margin scheme.
_NET = ("1", "2", "3", "4", "5", "6_1", "6_2", "6_3", "7", "8", "9", "10", "11")
_VAT = ("1", "2", "3", "4", "5")


def _any_of(prefix: str, suffixes: tuple[str, ...]) -> str:
    return " | ".join(f"fa:Fa/fa:{prefix}{s}" for s in suffixes)


def _table(ns: str, label: str) -> Syntax:
    seller, buyer = "fa:Podmiot1/fa:DaneIdentyfikacyjne", "fa:Podmiot2/fa:DaneIdentyfikacyjne"
    pay = "fa:Fa/fa:Platnosc"
    fields = (
        rule("invoice_number", "text", ("fa:Fa/fa:P_2", "invoice number (P_2)")),
        rule("issue_date", "date", ("fa:Fa/fa:P_1", "issue date (P_1)")),
        # The first instalment; FA(3) may give only a described term (TerminOpis) instead.
        rule("due_date", "date",
             (f"{pay}/fa:TerminPlatnosci/fa:Termin", "payment due date (Termin)")),
        rule("seller_name", "text", (f"{seller}/fa:Nazwa", "seller name (Podmiot1 Nazwa)")),
        rule("seller_vat_id", "id", (f"{seller}/fa:NIP", "seller NIP (Podmiot1)")),
        rule("buyer_name", "text", (f"{buyer}/fa:Nazwa", "buyer name (Podmiot2 Nazwa)")),
        rule("buyer_vat_id", "id",
             (f"{buyer}/fa:NIP", "buyer NIP (Podmiot2)"),
             Pick(f"{buyer}/fa:NrVatUE", "buyer EU VAT number (Podmiot2 KodUE + NrVatUE)",
                  prefix="../fa:KodUE")),
        rule("po_number", "text", (
            "fa:Fa/fa:WarunkiTransakcji/fa:Zamowienia/fa:NrZamowienia",
            "order number (NrZamowienia)")),
        rule("currency", "code", ("fa:Fa/fa:KodWaluty", "currency (KodWaluty)")),
        rule("net_total", "amount",
             Pick(_any_of("P_13_", _NET), "net total: sum of P_13_x", total=True)),
        rule("tax_total", "amount",
             Pick(_any_of("P_14_", _VAT), "VAT total: sum of P_14_x", total=True)),
        rule("grand_total", "amount", ("fa:Fa/fa:P_15", "amount due (P_15)")),
        # RachunekBankowyFaktora is a factor's account: only the seller's own is read.
        rule("iban", "nrb",
             (f"{pay}/fa:RachunekBankowy/fa:NrRB", "bank account (RachunekBankowy NrRB)")),
        rule("bic", "id", (f"{pay}/fa:RachunekBankowy/fa:SWIFT", "bank SWIFT (RachunekBankowy)")),
    )
    return Syntax(
        label=label,
        namespaces={"fa": ns},
        fields=fields,
        document_type=TypeRule("invoice", "fa:Fa/fa:RodzajFaktury", {
            "KOR": "credit_note", "KOR_ZAL": "credit_note", "KOR_ROZ": "credit_note",
        }),
        lines=LineTable(
            # A correction's StanPrzed rows show the state before it: not lines of this document.
            items="fa:Fa/fa:FaWiersz[not(normalize-space(fa:StanPrzed) = '1')]",
            description=("fa:P_7",),
            quantity=("fa:P_8B",),
            unit_price=("fa:P_9A",),
            net_amount=("fa:P_11",),
            tax_rate=("fa:P_12",),
        ),
        # Advance (ZAL), settlement (ROZ) and correction invoices total something other than
        # their lines: only plain and simplified invoices' lines add up to P_13_x.
        lines_apply="fa:Fa/fa:RodzajFaktury = 'VAT' or fa:Fa/fa:RodzajFaktury = 'UPR'",
        bare_ns=ns,  # paths read /Faktura/Fa/P_2, as the KSeF documentation writes them
    )


FA2 = _table(FA2_NS, "KSeF FA(2)")
FA3 = _table(FA3_NS, "KSeF FA(3)")
