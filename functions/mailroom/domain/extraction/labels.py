"""What vendors print next to a value, in the six languages we read (de, en, fr, ro, pl, nl).

Each phrase is written as printed; `{no}` stands for any number marker (Nr., No., N°, #, ...).
A phrase is matched on folded text (no case, no accents), so "FALLIGKEIT" finds "Fälligkeit".
Roles that are not output fields (`order_date`, `vat_label`, party and delivery blocks) steer
the readers: an order date is the issue date of a purchase order only."""

INVOICE_NUMBER = (
    "rechnungsnummer", "rechnung {no}", "rechnungs {no}", "belegnummer", "beleg {no}",
    "gutschriftsnummer", "gutschrift {no}", "dokumentnummer", "gutschriftnummer",
    "invoice number", "invoice {no}", "credit note number", "credit note {no}", "document number",
    "document {no}", "numéro de facture", "{no} de facture", "facture {no}", "{no} facture",
    "numéro d'avoir", "avoir {no}", "{no} d'avoir",
    "număr factură", "factură {no}", "factura {no}", "seria și nr", "seria și numărul",
    "factură storno {no}", "{no} factură storno", "{no} factură",
    "numer faktury", "{no} faktury", "faktura {no}", "faktura vat {no}", "faktura korygująca {no}",
    "numer korekty", "{no} korekty", "factuurnummer", "factuur {no}", "creditnotanummer", "creditnota {no}",
)
# A bare "Number:" names the document's own number only weakly.
NUMBER_WEAK = ("nummer", "number", "numéro", "număr", "numer", "document no")
# A title word right before the number ("Rechnung RE1001", "Avoir AV-2017-0005"): weaker evidence.
TITLE_NUMBER = (
    "rechnung", "handelsrechnung", "gutschrift", "rechnungskorrektur", "invoice", "tax invoice",
    "credit note", "facture", "avoir", "factură", "factura", "factură storno", "faktura",
    "faktura vat", "faktura korygująca", "factuur", "creditnota",
)
ORDER_NUMBER = (
    "bestellnummer", "bestell {no}", "bestellung {no}", "auftragsnummer", "auftrag {no}",
    "purchase order number", "purchase order {no}", "order number", "order {no}", "po number",
    "po {no}", "numéro de commande", "bon de commande {no}", "{no} bon de commande", "commande {no}",
    "{no} de commande", "nr. comandă", "comanda {no}", "comandă {no}", "număr comandă",
    "numer zamówienia", "{no} zamówienia", "zamówienie {no}", "inkoopordernummer", "ordernummer",
    "bestelnummer", "inkooporder {no}", "bestelling {no}",
)
# Labels a vendor uses for the buyer's order on an invoice; weaker ones quote any reference.
PO_REFERENCE = ORDER_NUMBER + (
    "bestellung", "ihre bestellung", "purchase order", "your order", "bon de commande",
    "votre commande", "réf. commande", "référence commande", "comanda dvs", "referință comandă",
    "zamówienie", "inkooporder", "uw bestelling", "uw ordernummer", "order",
)
PO_WEAK = ("your reference", "your ref", "votre référence", "vos références", "ihre referenz",
           "uw referentie", "referința dvs", "referencja", "your po", "ihre bestellnummer", "nr zamówienia klienta", "państwa zamówienie")

ISSUE_DATE = (
    "rechnungsdatum", "belegdatum", "ausstellungsdatum", "gutschriftsdatum", "datum",
    "invoice date", "date of issue", "issue date", "issued on", "date", "credit note date",
    "date de facture", "date de facturation", "date d'émission", "date de l'avoir", "date facture",
    "data emiterii", "data facturii", "data emitere", "data", "data wystawienia",
    "factuurdatum", "datum factuur", "creditnotadatum", "tax point", "data korekty",
    "data wystawienia faktury", "data wystawienia korekty",
)
ISSUE_DATE_WEAK = ("vom", "du", "din", "z dnia", "van", "dated")
ORDER_DATE = ("bestelldatum", "auftragsdatum", "order date", "date de commande", "data comenzii",
              "data zamówienia", "besteldatum", "orderdatum")
DUE_DATE = (
    "fälligkeit", "fällig am", "fälligkeitsdatum", "zahlbar bis", "fällig bis", "zahlungsziel",
    "due date", "payment due", "due on", "pay by", "payment due date", "due",
    "date d'échéance", "échéance", "date limite de paiement", "à payer avant le",
    "data scadenței", "scadență", "scadenta", "termen de plată", "termin płatności",
    "data płatności", "płatne do", "vervaldatum", "uiterste betaaldatum", "te betalen voor",
    "vervaldag", "betalen vóór", "due by", "à régler avant le", "zapłata do", "termin zapłaty",
)

NET_TOTAL = (
    "summe netto", "nettosumme", "nettobetrag", "gesamt netto", "netto", "zwischensumme",
    "rechnungssumme ohne ust", "summe ohne mwst", "warenwert netto", "positionssumme",
    "subtotal", "sub-total", "net total", "total net", "net amount", "total before tax",
    "total excl. vat", "total excluding vat", "total excl vat", "amount excl. vat", "net",
    "total ht", "montant ht", "total hors taxes", "sous-total", "total net ht",
    "total fără tva", "valoare fără tva", "subtotal fără tva", "total valoare fără tva",
    "razem netto", "wartość netto", "suma netto", "netto razem",
    "totaal excl. btw", "subtotaal", "subtotaal excl. btw", "subtotal excl. vat", "sous-total ht", "zwischensumme netto", "netto bedrag", "totaal exclusief btw", "bedrag excl. btw",
)
TAX_TOTAL = (
    "umsatzsteuer", "mwst", "mehrwertsteuer", "ust", "steuerbetrag", "summe ust", "summe mwst",
    "vat", "vat amount", "tax", "tax total", "total tax", "total vat", "sales tax",
    "tva", "total tva", "montant tva", "montant de la tva", "total taxes", "taxes",
    "valoare tva", "total tva", "kwota vat", "podatek vat", "razem vat", "vat razem",
    "btw", "totaal btw", "btw bedrag", "bedrag btw",
)
GRAND_TOTAL = (
    "gesamtbetrag", "rechnungsbetrag", "endsumme", "bruttosumme", "gesamtsumme", "summe brutto",
    "bruttobetrag", "zahlbetrag", "zu zahlen", "gesamt brutto", "total", "grand total",
    "amount due", "total due", "total amount", "total incl. vat", "total including vat",
    "incl. vat", "balance due", "amount payable", "total to pay", "invoice total",
    "total ttc", "net à payer", "montant ttc", "total à payer", "montant total",
    "total de plată", "total general", "total factură", "de plată",
    "razem brutto", "do zapłaty", "suma brutto", "wartość brutto", "razem do zapłaty",
    "totaal", "totaal incl. btw", "te betalen", "totaalbedrag", "totaal inclusief btw",
    # credit notes and orders name their total after themselves
    "gutschriftsbetrag", "bestellwert", "auftragswert", "total credit", "credit total",
    "order total", "montant de l'avoir ttc", "montant total ttc", "total storno", "total comandă",
    "razem do zwrotu", "wartość korekty brutto", "wartość zamówienia brutto",
    "totaal te crediteren", "totaal orderbedrag",
)
CURRENCY = ("währung", "currency", "devise", "monnaie", "monedă", "moneda", "waluta", "valuta")
IBAN = ("iban",)
BIC = ("bic", "swift", "bic/swift", "swift/bic", "swift code", "bic code", "bic-code")
VAT_LABEL = (
    "ust-idnr", "ust-id", "ustid", "ust.-id.-nr", "umsatzsteuer-id", "ust-id-nr",
    "umsatzsteuer-identifikationsnummer", "vat", "vat no", "vat number", "vat reg no",
    "vat registration no", "vat registration number", "vat id", "tax id", "tva", "{no} tva",
    "tva intracom", "tva intracommunautaire", "numéro de tva", "{no} tva intra", "cif", "cui",
    "c.u.i", "cod tva", "cod fiscal", "cod de înregistrare fiscală", "nip", "nip ue", "btw",
    "btw-nummer", "btw {no}", "btw-id", "btw-identificatienummer", "vat-nummer",
)
# Party headings; the name is right of the heading or the first line under it.
SELLER = (
    "verkäufer", "lieferant", "rechnungssteller", "leistungserbringer", "seller", "supplier",
    "vendor", "from", "issued by", "fournisseur", "vendeur", "émetteur", "furnizor", "vânzător",
    "emitent", "prestator", "sprzedawca", "dostawca", "wystawca", "leverancier", "verkoper", "auftragnehmer", "prestataire",
)
BUYER = (
    "käufer", "rechnungsempfänger", "kunde", "leistungsempfänger", "käufer/leistungsempfänger",
    "auftraggeber", "rechnungsadresse", "buyer", "customer", "bill to", "billed to",
    "invoice to", "sold to", "client", "acheteur", "adresse du client", "adresse de facturation",
    "facturé à", "cumpărător", "beneficiar", "client", "nabywca", "płatnik", "klant", "afnemer",
    "koper", "factuuradres", "besteller", "ordered by", "opdrachtgever", "kupujący",
)
DELIVERY = (
    "lieferadresse", "lieferanschrift", "warenempfänger", "delivery address", "ship to",
    "deliver to", "adresse de livraison", "livraison", "adresa de livrare", "adres dostawy",
    "odbiorca", "afleveradres", "leveradres", "delivery", "shipping address",
)

# Title words by document type; a longer phrase wins ("factură storno" over "factură").
CREDIT_NOTE_TITLES = (
    "gutschrift", "rechnungskorrektur", "korrekturrechnung", "stornorechnung", "avoir",
    "facture d'avoir", "note de crédit", "credit note", "credit memo", "creditnota",
    "creditfactuur", "factură storno", "factura storno", "faktura korygująca", "nota korygująca",
    "korekta faktury",
)
ORDER_TITLES = (
    "bestellung", "purchase order", "bon de commande", "commande", "comandă", "comanda",
    "zamówienie", "inkooporder", "bestelling", "order",
)
INVOICE_TITLES = (
    "rechnung", "handelsrechnung", "invoice", "tax invoice", "facture", "factură", "factura",
    "faktura", "faktura vat", "factuur",
)

FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "invoice_number": INVOICE_NUMBER, "number_weak": NUMBER_WEAK, "title_number": TITLE_NUMBER,
    "order_title": ORDER_TITLES, "order_number": ORDER_NUMBER,
    "po_number": PO_REFERENCE, "po_weak": PO_WEAK, "issue_date": ISSUE_DATE,
    "issue_date_weak": ISSUE_DATE_WEAK, "order_date": ORDER_DATE, "due_date": DUE_DATE,
    "net_total": NET_TOTAL, "tax_total": TAX_TOTAL, "grand_total": GRAND_TOTAL,
    "currency": CURRENCY, "iban": IBAN, "bic": BIC, "vat_label": VAT_LABEL,
    "seller": SELLER, "buyer": BUYER, "delivery": DELIVERY,
}

# Column headers of line-item tables.
LINE_COLUMNS: dict[str, tuple[str, ...]] = {
    "description": (
        "description", "beschreibung", "bezeichnung", "artikel", "leistung", "désignation",
        "libellé", "produit", "article", "denumire", "descriere", "produs/serviciu",
        "denumirea produselor sau a serviciilor", "opis", "nazwa", "nazwa towaru", "towar/usługa",
        "omschrijving", "item", "product", "material/beschreibung",
    ),
    "quantity": ("qty", "quantity", "menge", "anzahl", "qté", "quantité", "qte", "cant", "cantitate",
                 "buc", "ilość", "ilosc", "aantal", "stück"),
    "unit_price": (
        "unit price", "price", "preis", "einzelpreis", "nettopreis", "preis/einh", "einzel/€",
        "prix unitaire", "p.u. ht", "p.u.", "prix", "preț unitar", "preț unitar (fără tva)",
        "cena jedn", "cena jednostkowa", "cena netto", "prijs", "stukprijs", "eenheidsprijs", "rate",
    ),
    "net_amount": (
        "amount", "total", "line total", "betrag", "gesamt", "gesamt/€", "gesamtpreis", "nettobetrag",
        "summe", "montant", "total ht", "montant ht", "prix ht", "valoare", "valoare fără tva",
        "wartość", "wartość netto", "bedrag", "totaal", "line amount", "net amount",
        "line amount excl. vat",
    ),
}
