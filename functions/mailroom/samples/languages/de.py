"""German: Euro, 19/7 % VAT, "1.234,56", "31.01.2026" or "31. Januar 2026"."""

from decimal import Decimal as D

from mailroom.samples.language import Company, Item, Language
from mailroom.samples.model import DocKind

LANGUAGE = Language(
    code="de",
    country="DE",
    country_name="Deutschland",
    utc_offset_hours=1,
    vat_rates=(D("19"), D("7")),
    currencies=("EUR",),
    currency_symbols={"EUR": "€"},
    money_with_code="{amount} {unit}",
    money_with_symbol="{amount} {unit}",
    decimal_sep=",",
    group_seps=(".",),
    percent_sep=" ",
    date_formats=("{dd}.{mm}.{yyyy}", "{d}. {month} {yyyy}"),
    months=("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
            "September", "Oktober", "November", "Dezember"),
    titles={DocKind.INVOICE: "Rechnung", DocKind.CREDIT_NOTE: "Gutschrift",
            DocKind.PURCHASE_ORDER: "Bestellung"},
    numbering={DocKind.INVOICE: "RE-{yyyy}-{n:04d}", DocKind.CREDIT_NOTE: "GS-{yyyy}-{n:04d}",
               DocKind.PURCHASE_ORDER: "BE-{yyyy}-{n:05d}"},
    number_labels={
        DocKind.INVOICE: ("Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr."),
        DocKind.CREDIT_NOTE: ("Gutschriftnummer", "Gutschrift-Nr."),
        DocKind.PURCHASE_ORDER: ("Bestellnummer", "Bestell-Nr."),
    },
    date_labels={
        DocKind.INVOICE: ("Rechnungsdatum", "Datum"),
        DocKind.CREDIT_NOTE: ("Gutschriftsdatum", "Datum"),
        DocKind.PURCHASE_ORDER: ("Bestelldatum", "Datum"),
    },
    labels={
        "seller": ("Lieferant", "Verkäufer", "Auftragnehmer"),
        "buyer": ("Kunde", "Käufer", "Auftraggeber"),
        "vat_id": ("USt-IdNr.", "USt-ID", "USt-IdNr"),
        "due_date": ("Fälligkeitsdatum", "Zahlbar bis", "Fällig am"),
        "delivery_date": ("Liefertermin", "Gewünschter Liefertermin"),
        "payment_terms": ("Zahlbar innerhalb von {days} Tagen ohne Abzug.",
                          "Zahlungsziel: {days} Tage netto."),
        "po_ref": ("Ihre Bestellung", "Bestell-Nr.", "Ihre Bestellnummer"),
        "credit_ref": ("Bezug: Rechnung {number}", "Korrektur zu Rechnung {number}"),
        "description": ("Beschreibung", "Artikel", "Bezeichnung"),
        "quantity": ("Menge", "Anzahl", "Anz."),
        "unit_price": ("Einzelpreis", "Preis/Einheit", "E-Preis"),
        "vat_rate": ("MwSt.", "USt.", "MwSt.-Satz"),
        "amount": ("Betrag", "Gesamt netto", "Netto"),
        "net_total": ("Nettobetrag", "Summe netto", "Zwischensumme"),
        "tax_total": ("MwSt. {rate}", "zzgl. {rate} USt.", "Umsatzsteuer {rate}"),
        "grand_total": ("Gesamtbetrag", "Rechnungsbetrag", "Gesamtsumme"),
        "credit_total": ("Gutschriftsbetrag", "Gesamtbetrag"),
        "order_total": ("Bestellwert", "Gesamtbetrag"),
        "bank": ("Bankverbindung", "Zahlungsinformationen"),
        "reference": ("Verwendungszweck", "Bitte angeben"),
        "page": ("Seite {page} von {pages}",),
        "closing": ("Vielen Dank für Ihren Auftrag!", "Wir danken für Ihr Vertrauen."),
        "po_closing": ("Bitte bestätigen Sie den Liefertermin.",
                       "Bitte Bestellnummer auf allen Lieferpapieren angeben."),
    },
    items=(
        Item("Kopierpapier A4, 80 g/m², 500 Blatt", D("3.90"), D("6.90")),
        Item("Tonerkartusche schwarz, Typ 26X", D("89.00"), D("149.00")),
        Item("Bürostuhl „Ergo Plus“ mit Armlehnen", D("189.00"), D("349.00")),
        Item("Aktenordner breit, blau", D("1.85"), D("3.40")),
        Item("Fachbuch „Umsatzsteuer kompakt 2026“", D("29.00"), D("49.00"), reduced_rate=True),
        Item("Kaffeebohnen Bio, 1 kg", D("14.50"), D("22.00"), reduced_rate=True),
        Item("Wartung Druckerflotte (Stunden)", D("78.00"), D("115.00"), hourly=True),
        Item("Palettenversand Stuttgart–Berlin", D("145.00"), D("260.00")),
        Item("Lagerung je Palettenplatz, Monat Januar", D("11.00"), D("18.00")),
    ),
    vendors=(
        Company("Müller Bürobedarf GmbH", "Königstraße 12", "70173 Stuttgart", "DE",
                "mueller-buerobedarf.example", "Katrin Müller"),
        Company("Schäfer & Söhne Logistik KG", "Hafenstraße 88", "28217 Bremen", "DE",
                "schaefer-logistik.example", "Jörg Schäfer"),
        Company("Weißdorn Druckerei GmbH", "Grüner Weg 5", "50825 Köln", "DE",
                "weissdorn-druck.example", "Sabine Weiß"),
    ),
    own_company=Company("Orbis Handel GmbH", "Lindenallee 3", "10115 Berlin", "DE",
                        "orbis-group.example", "Tobias Krämer"),
    colleague="Tobias Krämer",
    mail={
        "billing_local": "rechnungswesen",  # the mailbox a vendor's ERP sends from
        "greeting": "Sehr geehrte Damen und Herren,",
        "signoff": "Mit freundlichen Grüßen",
        "invoice_subject": "Rechnung {number}",
        "invoice_body": "anbei erhalten Sie unsere Rechnung {number} vom {date} über {total}.\n"
                        "Bitte überweisen Sie den Betrag bis zum {due}.",
        "credit_note_subject": "Gutschrift {number}",
        "credit_note_body": "anbei unsere Gutschrift {number} über {total}.\n"
                            "Wir verrechnen den Betrag mit Ihrer nächsten Zahlung.",
        "purchase_order_subject": "Bestellung {number}",
        "purchase_order_body": "anbei senden wir Ihnen unsere Bestellung {number} über {total}.\n"
                               "Bitte bestätigen Sie uns den Liefertermin.",
        "scan_body": "anbei die eingescannte Rechnung {number}. Das Original folgt per Post.",
        "several_subject": "Rechnungen {numbers}",
        "several_body": "anbei erhalten Sie unsere Rechnungen {numbers} sowie unsere aktuellen "
                        "AGB.",
        "reminder_subject": "Zahlungserinnerung: Rechnung {number}",
        "reminder_body": "unsere Rechnung {number} vom {date} über {total} ist noch offen.\n"
                         "Zur Sicherheit senden wir sie Ihnen erneut.",
        "encrypted_body": "Das Passwort zum Öffnen der PDF-Datei erhalten Sie in einer separaten "
                          "E-Mail.",
        "forward_prefix": "WG: ",
        "forward_note": "Hallo zusammen,\n\ndiese Rechnung kam an meine Adresse, bitte buchen.\n\n"
                        "Danke und Gruß\n{colleague}",
        "question_subject": "Frage zur Lieferadresse",
        "question_body": "könnten Sie uns bitte die Lieferadresse für Ihre nächste Bestellung "
                         "bestätigen? Unser Fahrer hat ab März eine neue Tour.",
        "newsletter_subject": "Frühjahrsangebote 2026 – bis zu 20 % auf Büromöbel",
        "newsletter_body": "Nur bis Ende März: bis zu 20 % Rabatt auf Bürostühle und "
                           "Schreibtische.",
        "unsubscribe": "Newsletter abbestellen",
    },
    terms_file=("AGB.txt", "Allgemeine Geschäftsbedingungen\n\n1. Geltungsbereich\n"
                "Diese Bedingungen gelten für alle Lieferungen und Leistungen.\n"
                "2. Zahlung\nRechnungen sind innerhalb von 30 Tagen ohne Abzug fällig.\n"),
)
