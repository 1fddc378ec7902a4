"""Polish: złoty, 23/8 % VAT, "1 234,56" with a space or a narrow no-break space, "31.01.2026"."""

from decimal import Decimal as D

from mailroom.samples.language import Company, Item, Language
from mailroom.samples.model import DocKind

LANGUAGE = Language(
    code="pl",
    country="PL",
    country_name="Polska",
    utc_offset_hours=1,
    vat_rates=(D("23"), D("8")),
    currencies=("PLN",),
    currency_symbols={"PLN": "zł"},
    money_with_code="{amount} {unit}",
    money_with_symbol="{amount} {unit}",
    decimal_sep=",",
    group_seps=(" ", "\u202f"),
    percent_sep="",
    date_formats=("{dd}.{mm}.{yyyy}", "{yyyy}-{mm}-{dd}", "{d} {month} {yyyy}"),
    # Genitive: a Polish date reads "31 stycznia 2026".
    months=("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia",
            "września", "października", "listopada", "grudnia"),
    titles={DocKind.INVOICE: "Faktura VAT", DocKind.CREDIT_NOTE: "Faktura korygująca",
            DocKind.PURCHASE_ORDER: "Zamówienie"},
    numbering={DocKind.INVOICE: "FV/{n:04d}/{yyyy}", DocKind.CREDIT_NOTE: "FK/{n:03d}/{yyyy}",
               DocKind.PURCHASE_ORDER: "ZAM/{yyyy}/{n:04d}"},
    number_labels={
        DocKind.INVOICE: ("Nr faktury", "Faktura nr", "Numer faktury"),
        DocKind.CREDIT_NOTE: ("Nr korekty", "Faktura korygująca nr"),
        DocKind.PURCHASE_ORDER: ("Nr zamówienia", "Zamówienie nr"),
    },
    date_labels={
        DocKind.INVOICE: ("Data wystawienia", "Data wystawienia faktury"),
        DocKind.CREDIT_NOTE: ("Data wystawienia", "Data korekty"),
        DocKind.PURCHASE_ORDER: ("Data zamówienia", "Data"),
    },
    labels={
        "seller": ("Sprzedawca", "Dostawca", "Sprzedawca"),
        "buyer": ("Nabywca", "Kupujący", "Nabywca"),
        "vat_id": ("NIP", "NIP UE", "NIP"),
        "due_date": ("Termin płatności", "Zapłata do", "Termin zapłaty"),
        "delivery_date": ("Termin dostawy", "Data dostawy"),
        "payment_terms": ("Płatność przelewem w terminie {days} dni.",
                          "Termin płatności: {days} dni od daty wystawienia."),
        "po_ref": ("Zamówienie nr", "Nr zamówienia klienta", "Państwa zamówienie"),
        "credit_ref": ("Korekta do faktury {number}", "Dotyczy faktury {number}"),
        "description": ("Nazwa towaru lub usługi", "Opis", "Nazwa"),
        "quantity": ("Ilość", "Il.", "Ilość"),
        "unit_price": ("Cena jedn. netto", "Cena netto", "Cena jedn."),
        "vat_rate": ("Stawka VAT", "VAT", "VAT %"),
        "amount": ("Wartość netto", "Netto", "Wartość"),
        "net_total": ("Razem netto", "Suma netto", "Wartość netto"),
        "tax_total": ("VAT {rate}", "Kwota VAT {rate}", "Podatek VAT {rate}"),
        "grand_total": ("Do zapłaty", "Razem brutto", "Wartość brutto"),
        "credit_total": ("Razem do zwrotu", "Wartość korekty brutto"),
        "order_total": ("Wartość zamówienia brutto", "Razem brutto"),
        "bank": ("Dane do przelewu", "Rachunek bankowy"),
        "reference": ("Tytuł przelewu", "W tytule prosimy podać"),
        "page": ("Strona {page} z {pages}",),
        "closing": ("Dziękujemy za współpracę.", "Towar pozostaje własnością sprzedawcy do "
                    "chwili zapłaty."),
        "po_closing": ("Prosimy o potwierdzenie terminu dostawy.",
                       "Prosimy o podanie numeru zamówienia na dokumencie WZ."),
    },
    items=(
        Item("Druk ulotek A5, 1000 szt.", D("290.00"), D("640.00")),
        Item("Papier kredowy 170 g, ryza", D("45.00"), D("85.00")),
        Item("Projekt graficzny katalogu (godz.)", D("120.00"), D("220.00"), hourly=True),
        Item("Oprawa broszurowa, 100 szt.", D("150.00"), D("300.00")),
        Item("Transport krajowy – paleta", D("180.00"), D("350.00")),
        Item("Catering – lunch firmowy, zestaw", D("38.00"), D("65.00"), reduced_rate=True),
        Item("Usługa noclegowa, pokój 1-osobowy", D("260.00"), D("420.00"), reduced_rate=True),
        Item("Tusz do drukarki offsetowej, żółty", D("95.00"), D("180.00")),
    ),
    vendors=(
        Company("Zakład Poligraficzny Łódź Sp. z o.o.", "ul. Piotrkowska 112", "90-006 Łódź", "PL",
                "zaklad-poligraficzny-lodz.example", "Agnieszka Wójcik"),
        Company("Przedsiębiorstwo Handlowe Żuraw S.A.", "ul. Świętojańska 40", "81-391 Gdynia",
                "PL", "ph-zuraw.example", "Paweł Żurawski"),
        Company("Smaki Wawelu Catering Sp. z o.o.", "ul. Długa 15", "31-147 Kraków", "PL",
                "smaki-wawelu.example", "Małgorzata Kęsik"),
    ),
    own_company=Company("Orbis Polska Sp. z o.o.", "al. Jerozolimskie 65", "00-697 Warszawa", "PL",
                        "orbis-group.example", "Krzysztof Nowak"),
    colleague="Krzysztof Nowak",
    mail={
        "billing_local": "faktury",  # the mailbox a vendor's ERP sends from
        "greeting": "Dzień dobry,",
        "signoff": "Z poważaniem",
        "invoice_subject": "Faktura {number}",
        "invoice_body": "w załączeniu przesyłamy fakturę {number} z dnia {date} na kwotę {total}.\n"
                        "Prosimy o płatność do {due}.",
        "credit_note_subject": "Faktura korygująca {number}",
        "credit_note_body": "w załączeniu przesyłamy fakturę korygującą {number} na kwotę "
                            "{total}.\nKwota zostanie rozliczona przy kolejnej płatności.",
        "purchase_order_subject": "Zamówienie {number}",
        "purchase_order_body": "w załączeniu przesyłamy zamówienie {number} na kwotę {total}.\n"
                               "Prosimy o potwierdzenie terminu dostawy.",
        "scan_body": "w załączeniu skan faktury {number}. Oryginał wysłaliśmy pocztą.",
        "several_subject": "Faktury {numbers}",
        "several_body": "w załączeniu przesyłamy faktury {numbers} oraz ogólne warunki sprzedaży.",
        "reminder_subject": "Przypomnienie: faktura {number}",
        "reminder_body": "faktura {number} z dnia {date} na kwotę {total} pozostaje nieopłacona.\n"
                         "Ponownie przesyłamy ją w załączeniu.",
        "encrypted_body": "Hasło do pliku PDF prześlemy w osobnej wiadomości.",
        "forward_prefix": "PD: ",
        "forward_note": "Cześć,\n\nta faktura przyszła na mój adres, proszę o zaksięgowanie.\n\n"
                        "Dzięki,\n{colleague}",
        "question_subject": "Pytanie o adres dostawy",
        "question_body": "czy mogą Państwo potwierdzić adres dostawy dla kolejnego zamówienia? "
                         "Od marca zmieniamy trasę kuriera.",
        "newsletter_subject": "Wiosenna promocja 2026 – rabaty do 20%",
        "newsletter_body": "Do 31 marca rabaty do 20% na druk katalogów i ulotek.",
        "unsubscribe": "Wypisz się",
    },
    terms_file=("Ogólne_warunki_sprzedaży.txt", "Ogólne warunki sprzedaży\n\n1. Zakres\n"
                "Warunki dotyczą wszystkich dostaw.\n2. Płatność\n"
                "Faktury są płatne w terminie 30 dni.\n"),
)
