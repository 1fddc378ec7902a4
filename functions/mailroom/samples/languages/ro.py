"""Romanian: lei, 21/11 % TVA (the rates since August 2025), "1.234,56", "31.01.2026"."""

from decimal import Decimal as D

from mailroom.samples.language import Company, Item, Language
from mailroom.samples.model import DocKind

LANGUAGE = Language(
    code="ro",
    country="RO",
    country_name="România",
    utc_offset_hours=2,
    vat_rates=(D("21"), D("11")),
    currencies=("RON",),
    currency_symbols={"RON": "lei"},
    money_with_code="{amount} {unit}",
    money_with_symbol="{amount} {unit}",
    decimal_sep=",",
    group_seps=(".",),
    percent_sep="",
    date_formats=("{dd}.{mm}.{yyyy}", "{d} {month} {yyyy}", "{dd}/{mm}/{yyyy}"),
    months=("ianuarie", "februarie", "martie", "aprilie", "mai", "iunie", "iulie", "august",
            "septembrie", "octombrie", "noiembrie", "decembrie"),
    titles={DocKind.INVOICE: "Factură", DocKind.CREDIT_NOTE: "Factură storno",
            DocKind.PURCHASE_ORDER: "Comandă"},
    numbering={DocKind.INVOICE: "CLG-{n:05d}", DocKind.CREDIT_NOTE: "STO-{n:04d}",
               DocKind.PURCHASE_ORDER: "CMD-{yyyy}-{n:04d}"},
    number_labels={
        DocKind.INVOICE: ("Nr. factură", "Seria și nr.", "Factura nr."),
        DocKind.CREDIT_NOTE: ("Nr. factură storno", "Seria și nr."),
        DocKind.PURCHASE_ORDER: ("Nr. comandă", "Comanda nr."),
    },
    date_labels={
        DocKind.INVOICE: ("Data emiterii", "Data facturii", "Data"),
        DocKind.CREDIT_NOTE: ("Data emiterii", "Data"),
        DocKind.PURCHASE_ORDER: ("Data comenzii", "Data"),
    },
    labels={
        "seller": ("Furnizor", "Vânzător", "Prestator"),
        "buyer": ("Cumpărător", "Client", "Beneficiar"),
        "vat_id": ("CIF", "Cod TVA", "C.U.I."),
        "due_date": ("Data scadenței", "Scadență", "Termen de plată"),
        "delivery_date": ("Data livrării", "Termen de livrare"),
        "payment_terms": ("Termen de plată: {days} de zile de la emitere.",
                          "Plata în {days} de zile."),
        "po_ref": ("Comanda dvs.", "Nr. comandă", "Referință comandă"),
        "credit_ref": ("Stornare factura {number}", "Corecție la factura {number}"),
        "description": ("Denumirea produselor sau a serviciilor", "Descriere", "Produs/Serviciu"),
        "quantity": ("Cant.", "Cantitate", "Buc."),
        "unit_price": ("Preț unitar (fără TVA)", "Preț unitar", "P.U."),
        "vat_rate": ("Cota TVA", "TVA %", "TVA"),
        "amount": ("Valoare", "Valoare fără TVA", "Total"),
        "net_total": ("Total fără TVA", "Subtotal", "Valoare fără TVA"),
        "tax_total": ("TVA {rate}", "Valoare TVA {rate}", "TVA {rate}"),
        "grand_total": ("Total de plată", "Total", "Total general"),
        "credit_total": ("Total storno", "Total"),
        "order_total": ("Total comandă", "Total"),
        "bank": ("Date bancare", "Cont bancar"),
        "reference": ("Explicație plată", "Mențiune"),
        "page": ("Pagina {page} din {pages}",),
        "closing": ("Vă mulțumim!", "Factura circulă fără semnătură și ștampilă."),
        "po_closing": ("Vă rugăm să confirmați termenul de livrare.",
                       "Vă rugăm să menționați numărul comenzii pe aviz."),
    },
    items=(
        Item("Transport marfă Cluj-Napoca – București", D("900.00"), D("1800.00")),
        Item("Servicii de depozitare, ianuarie 2026", D("1200.00"), D("2600.00")),
        Item("Paleți EUR 1200×800", D("35.00"), D("60.00")),
        Item("Hârtie copiator A4, 500 coli", D("18.00"), D("32.00")),
        Item("Carte „Contabilitate pentru începători”", D("45.00"), D("90.00"), reduced_rate=True),
        Item("Tipărire broșuri A5, 1000 buc.", D("450.00"), D("900.00")),
        Item("Manipulare marfă (ore)", D("60.00"), D("120.00"), hourly=True),
        Item("Apă minerală, bax 6×2 l", D("14.00"), D("22.00"), reduced_rate=True),
    ),
    vendors=(
        Company("SC Carpați Logistic SRL", "Str. Avram Iancu nr. 45", "400089 Cluj-Napoca", "RO",
                "carpati-logistic.example", "Ioana Pop"),
        Company("Tipografia Mureș SRL", "Bd. 1 Decembrie 1918 nr. 7", "540011 Târgu Mureș", "RO",
                "tipografia-mures.example", "Andreea Szabó"),
        Company("Ambalaje Dâmbovița SRL", "Calea Domnească nr. 210", "130078 Târgoviște", "RO",
                "ambalaje-dambovita.example", "Ștefan Ionescu"),
    ),
    own_company=Company("Orbis Trading România SRL", "Calea Victoriei nr. 155", "010073 București",
                        "RO", "orbis-group.example", "Radu Constantinescu"),
    colleague="Radu Constantinescu",
    mail={
        "billing_local": "facturare",  # the mailbox a vendor's ERP sends from
        "greeting": "Bună ziua,",
        "signoff": "Cu stimă,",
        "invoice_subject": "Factura {number}",
        "invoice_body": "Vă transmitem atașat factura {number} din {date}, în valoare de {total}.\n"
                        "Vă rugăm să efectuați plata până la {due}.",
        "credit_note_subject": "Factură storno {number}",
        "credit_note_body": "Vă transmitem atașat factura de stornare {number}, în valoare de "
                            "{total}.\nSuma va fi compensată cu următoarea plată.",
        "purchase_order_subject": "Comanda {number}",
        "purchase_order_body": "Vă transmitem atașat comanda noastră {number}, în valoare de "
                               "{total}.\nVă rugăm să ne confirmați termenul de livrare.",
        "scan_body": "Vă trimitem factura {number} scanată. Originalul vine prin poștă.",
        "several_subject": "Facturile {numbers}",
        "several_body": "Vă transmitem atașat facturile {numbers} și condițiile generale de "
                        "vânzare.",
        "reminder_subject": "Reamintire: factura {number}",
        "reminder_body": "Factura {number} din {date}, în valoare de {total}, figurează încă "
                         "neachitată.\nV-o retrimitem atașat.",
        "encrypted_body": "Parola pentru deschiderea PDF-ului o veți primi într-un e-mail separat.",
        "forward_prefix": "Fwd: ",
        "forward_note": "Salut,\n\nam primit factura asta pe adresa mea, vă rog s-o "
                        "înregistrați.\n\nMersi,\n{colleague}",
        "question_subject": "Întrebare privind adresa de livrare",
        "question_body": "ne puteți confirma adresa de livrare pentru următoarea comandă? "
                         "Din martie avem un traseu nou.",
        "newsletter_subject": "Oferte de primăvară 2026 – reduceri de până la 20%",
        "newsletter_body": "Până pe 31 martie: reduceri de până la 20% la serviciile de "
                           "depozitare.",
        "unsubscribe": "Dezabonare",
    },
    terms_file=("Condiții_generale.txt", "Condiții generale de vânzare\n\n1. Obiect\n"
                "Prezentele condiții se aplică tuturor livrărilor.\n"
                "2. Plata\nFacturile se achită în termen de 30 de zile.\n"),
)
