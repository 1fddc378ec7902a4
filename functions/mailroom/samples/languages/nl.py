"""Dutch: Euro written "€ 1.234,56", 21/9 % btw, "31-01-2026" or "31 januari 2026"."""

from decimal import Decimal as D

from mailroom.samples.language import Company, Item, Language
from mailroom.samples.model import DocKind

LANGUAGE = Language(
    code="nl",
    country="NL",
    country_name="Nederland",
    utc_offset_hours=1,
    vat_rates=(D("21"), D("9")),
    currencies=("EUR",),
    currency_symbols={"EUR": "€"},
    money_with_code="{unit} {amount}",
    money_with_symbol="{unit} {amount}",
    decimal_sep=",",
    group_seps=(".",),
    percent_sep="",
    date_formats=("{dd}-{mm}-{yyyy}", "{d} {month} {yyyy}"),
    months=("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
            "september", "oktober", "november", "december"),
    titles={DocKind.INVOICE: "Factuur", DocKind.CREDIT_NOTE: "Creditnota",
            DocKind.PURCHASE_ORDER: "Inkooporder"},
    numbering={DocKind.INVOICE: "{yyyy}-{n:04d}", DocKind.CREDIT_NOTE: "CN{yyyy}-{n:03d}",
               DocKind.PURCHASE_ORDER: "IO-{yyyy}-{n:04d}"},
    number_labels={
        DocKind.INVOICE: ("Factuurnummer", "Factuurnr.", "Nummer"),
        DocKind.CREDIT_NOTE: ("Creditnotanummer", "Creditnota nr."),
        DocKind.PURCHASE_ORDER: ("Ordernummer", "Inkoopordernr."),
    },
    date_labels={
        DocKind.INVOICE: ("Factuurdatum", "Datum"),
        DocKind.CREDIT_NOTE: ("Datum", "Creditnotadatum"),
        DocKind.PURCHASE_ORDER: ("Orderdatum", "Datum"),
    },
    labels={
        "seller": ("Leverancier", "Verkoper", "Leverancier"),
        "buyer": ("Klant", "Koper", "Opdrachtgever"),
        "vat_id": ("btw-nummer", "Btw-id", "BTW nr."),
        "due_date": ("Vervaldatum", "Te betalen vóór", "Uiterste betaaldatum"),
        "delivery_date": ("Gewenste leverdatum", "Leverdatum"),
        "payment_terms": ("Betaling binnen {days} dagen na factuurdatum.",
                          "Betalingstermijn: {days} dagen."),
        "po_ref": ("Uw ordernummer", "Uw referentie", "Inkoopordernr."),
        "credit_ref": ("Creditering van factuur {number}", "Betreft factuur {number}"),
        "description": ("Omschrijving", "Artikel", "Product"),
        "quantity": ("Aantal", "Aant.", "Hoeveelheid"),
        "unit_price": ("Prijs per stuk", "Stukprijs", "Eenheidsprijs"),
        "vat_rate": ("Btw", "Btw %", "BTW"),
        "amount": ("Bedrag", "Totaal excl. btw", "Bedrag excl."),
        "net_total": ("Subtotaal", "Totaal excl. btw", "Subtotaal excl. btw"),
        "tax_total": ("Btw {rate}", "{rate} btw", "BTW {rate}"),
        "grand_total": ("Totaal", "Totaal incl. btw", "Te betalen"),
        "credit_total": ("Totaal te crediteren", "Totaal"),
        "order_total": ("Totaal orderbedrag", "Totaal incl. btw"),
        "bank": ("Betaalgegevens", "Bankgegevens"),
        "reference": ("Omschrijving betaling", "Vermeld bij betaling"),
        "page": ("Pagina {page} van {pages}",),
        "closing": ("Bedankt voor uw bestelling!", "Op al onze leveringen zijn onze algemene "
                    "voorwaarden van toepassing."),
        "po_closing": ("Graag ontvangen wij een orderbevestiging.",
                       "Vermeld ons ordernummer op de pakbon."),
    },
    items=(
        Item("Kopieerpapier A4 80 g, doos 5 pakken", D("19.00"), D("32.00")),
        Item("Bureaulamp LED, zwart", D("35.00"), D("79.00")),
        Item("Opslag per palletplaats, januari", D("9.00"), D("16.00")),
        Item("Transport Rotterdam – Utrecht", D("120.00"), D("240.00")),
        Item("Koffiebonen, 1 kg", D("12.00"), D("19.00"), reduced_rate=True),
        Item("Boek „Boekhouden in de praktijk”", D("24.00"), D("45.00"), reduced_rate=True),
        Item("Installatiewerkzaamheden (uren)", D("65.00"), D("95.00"), hourly=True),
        Item("Archiefdoos karton, 50 stuks", D("38.00"), D("60.00")),
    ),
    vendors=(
        Company("Van der Berg Kantoorartikelen B.V.", "Keizersgracht 221", "1016 DV Amsterdam",
                "NL", "vanderberg-kantoor.example", "Sanne van der Berg"),
        Company("De Vries Transport & Opslag B.V.", "Waalhaven Oostzijde 14", "3087 BM Rotterdam",
                "NL", "devries-transport.example", "Joost de Vries"),
        Company("Drukkerij IJsselstein V.O.F.", "Coöperatiestraat 9", "3401 AB IJsselstein", "NL",
                "drukkerij-ijsselstein.example", "Eline Bakker"),
    ),
    own_company=Company("Orbis Nederland B.V.", "Stationsplein 45", "3511 ED Utrecht", "NL",
                        "orbis-group.example", "Pieter Jansen"),
    colleague="Pieter Jansen",
    mail={
        "billing_local": "facturen",  # the mailbox a vendor's ERP sends from
        "greeting": "Geachte heer/mevrouw,",
        "signoff": "Met vriendelijke groet,",
        "invoice_subject": "Factuur {number}",
        "invoice_body": "Bijgaand ontvangt u onze factuur {number} van {date} ter hoogte van "
                        "{total}.\nWij verzoeken u het bedrag vóór {due} te voldoen.",
        "credit_note_subject": "Creditnota {number}",
        "credit_note_body": "Bijgaand ontvangt u creditnota {number} ter hoogte van {total}.\n"
                            "Wij verrekenen dit met uw volgende betaling.",
        "purchase_order_subject": "Inkooporder {number}",
        "purchase_order_body": "Bijgaand onze inkooporder {number} ter hoogte van {total}.\n"
                               "Graag ontvangen wij een bevestiging van de leverdatum.",
        "scan_body": "Bijgaand de gescande factuur {number}. Het origineel volgt per post.",
        "several_subject": "Facturen {numbers}",
        "several_body": "Bijgaand ontvangt u onze facturen {numbers} en onze algemene voorwaarden.",
        "reminder_subject": "Herinnering: factuur {number}",
        "reminder_body": "Volgens onze administratie staat factuur {number} van {date} ter "
                         "hoogte van "
                         "{total} nog open.\nWij sturen deze voor de zekerheid nogmaals mee.",
        "encrypted_body": "Het wachtwoord voor de pdf ontvangt u in een aparte e-mail.",
        "forward_prefix": "FW: ",
        "forward_note": "Hoi,\n\ndeze factuur kwam bij mij binnen, willen jullie hem inboeken?\n\n"
                        "Groet,\n{colleague}",
        "question_subject": "Vraag over het afleveradres",
        "question_body": "kunt u het afleveradres voor uw volgende bestelling bevestigen? "
                         "Vanaf maart rijdt onze chauffeur een nieuwe route.",
        "newsletter_subject": "Voorjaarsacties 2026 – tot 20% korting",
        "newsletter_body": "Alleen tot 31 maart: tot 20% korting op bureaustoelen en "
                           "archiefkasten.",
        "unsubscribe": "Afmelden",
    },
    terms_file=("Algemene_voorwaarden.txt", "Algemene voorwaarden\n\n1. Toepasselijkheid\n"
                "Deze voorwaarden gelden voor alle leveringen.\n2. Betaling\n"
                "Facturen dienen binnen 30 dagen te worden voldaan.\n"),
)
