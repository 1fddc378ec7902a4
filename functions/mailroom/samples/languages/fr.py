"""French: Euro, 20/5,5 % TVA, "1 234,56" with a space or a narrow no-break space, "31/01/2026"."""

from decimal import Decimal as D

from mailroom.samples.language import Company, Item, Language
from mailroom.samples.model import DocKind

LANGUAGE = Language(
    code="fr",
    country="FR",
    country_name="France",
    utc_offset_hours=1,
    vat_rates=(D("20"), D("5.5")),
    currencies=("EUR",),
    currency_symbols={"EUR": "€"},
    money_with_code="{amount} {unit}",
    money_with_symbol="{amount} {unit}",
    decimal_sep=",",
    # French typography wants a narrow no-break space; most invoicing software prints a space.
    group_seps=(" ", "\u202f"),
    percent_sep=" ",
    date_formats=("{dd}/{mm}/{yyyy}", "{d} {month} {yyyy}"),
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
            "septembre", "octobre", "novembre", "décembre"),
    titles={DocKind.INVOICE: "Facture", DocKind.CREDIT_NOTE: "Avoir",
            DocKind.PURCHASE_ORDER: "Bon de commande"},
    numbering={DocKind.INVOICE: "F{yyyy}{n:04d}", DocKind.CREDIT_NOTE: "AV{yyyy}{n:04d}",
               DocKind.PURCHASE_ORDER: "BC-{yyyy}-{n:04d}"},
    number_labels={
        DocKind.INVOICE: ("N° de facture", "Facture n°", "Numéro de facture"),
        DocKind.CREDIT_NOTE: ("N° d'avoir", "Avoir n°"),
        DocKind.PURCHASE_ORDER: ("N° de commande", "Commande n°"),
    },
    date_labels={
        DocKind.INVOICE: ("Date de facture", "Date d'émission", "Date"),
        DocKind.CREDIT_NOTE: ("Date de l'avoir", "Date"),
        DocKind.PURCHASE_ORDER: ("Date de commande", "Date"),
    },
    labels={
        "seller": ("Fournisseur", "Vendeur", "Prestataire"),
        "buyer": ("Client", "Acheteur", "Client"),
        "vat_id": ("N° TVA intracom.", "TVA intracommunautaire", "N° TVA"),
        "due_date": ("Date d'échéance", "Échéance", "À régler avant le"),
        "delivery_date": ("Date de livraison souhaitée", "Livraison prévue"),
        "payment_terms": ("Paiement à {days} jours date de facture.",
                          "Conditions de règlement : {days} jours net."),
        "po_ref": ("Votre commande", "Réf. commande", "Bon de commande"),
        "credit_ref": ("Avoir sur facture {number}", "Annule et remplace la facture {number}"),
        "description": ("Désignation", "Description", "Article"),
        "quantity": ("Qté", "Quantité", "Qté"),
        "unit_price": ("Prix unitaire HT", "P.U. HT", "Prix unit."),
        "vat_rate": ("TVA", "Taux TVA", "TVA %"),
        "amount": ("Montant HT", "Total HT", "Montant"),
        "net_total": ("Total HT", "Montant HT", "Sous-total HT"),
        "tax_total": ("TVA {rate}", "Montant TVA {rate}", "TVA à {rate}"),
        "grand_total": ("Total TTC", "Net à payer", "Montant TTC"),
        "credit_total": ("Total TTC", "Montant de l'avoir TTC"),
        "order_total": ("Total TTC", "Montant total TTC"),
        "bank": ("Coordonnées bancaires", "Règlement par virement"),
        "reference": ("Référence à rappeler", "Libellé du virement"),
        "page": ("Page {page}/{pages}",),
        "closing": ("Merci de votre confiance.", "En cas de retard, pénalités au taux légal ; "
                    "indemnité forfaitaire de recouvrement : 40 €."),
        "po_closing": ("Merci de confirmer la date de livraison.", "Merci de rappeler notre n° de "
                       "commande sur le bon de livraison."),
    },
    items=(
        Item("Ramette papier A4 80 g, 500 feuilles", D("4.20"), D("7.50")),
        Item("Cartouche d'encre noire grande capacité", D("39.00"), D("89.00")),
        Item("Luminaire suspendu « Opaline » laiton", D("240.00"), D("480.00")),
        Item("Conseil en éclairage (heures)", D("85.00"), D("130.00"), hourly=True),
        Item("Ouvrage « La comptabilité en pratique »", D("24.00"), D("42.00"), reduced_rate=True),
        Item("Carton d'emballage double cannelure 60×40×40", D("1.90"), D("3.60")),
        Item("Livraison et installation sur site", D("95.00"), D("180.00")),
        Item("Café en grains, sachet 1 kg", D("13.00"), D("21.00"), reduced_rate=True),
    ),
    vendors=(
        Company("Atelier Lumière SARL", "14 rue des Récollets", "75010 Paris", "FR",
                "atelier-lumiere.example", "Hélène Marchand"),
        Company("Établissements Bérard & Fils SAS", "3 quai de la Fosse", "44000 Nantes", "FR",
                "etablissements-berard.example", "Jean-Loup Bérard"),
        Company("Côte d'Azur Emballages SA", "27 avenue Jean Médecin", "06000 Nice", "FR",
                "cote-azur-emballages.example", "Céline Roux"),
    ),
    own_company=Company("Orbis France SAS", "8 rue de la République", "69002 Lyon", "FR",
                        "orbis-group.example", "Amélie Giraud"),
    colleague="Amélie Giraud",
    mail={
        "billing_local": "facturation",  # the mailbox a vendor's ERP sends from
        "greeting": "Bonjour,",
        "signoff": "Cordialement,",
        "invoice_subject": "Facture {number}",
        "invoice_body": "Veuillez trouver ci-joint notre facture {number} du {date} d'un montant "
                        "de {total}.\nMerci d'effectuer le règlement avant le {due}.",
        "credit_note_subject": "Avoir {number}",
        "credit_note_body": "Veuillez trouver ci-joint notre avoir {number} d'un montant de "
                            "{total}.\nIl sera déduit de votre prochain règlement.",
        "purchase_order_subject": "Bon de commande {number}",
        "purchase_order_body": "Veuillez trouver ci-joint notre bon de commande {number} d'un "
                               "montant de {total}.\nMerci de nous confirmer la date de livraison.",
        "scan_body": "Ci-joint la facture {number} scannée. L'original suit par courrier.",
        "several_subject": "Factures {numbers}",
        "several_body": "Veuillez trouver ci-joint nos factures {numbers} ainsi que nos conditions "
                        "générales de vente.",
        "reminder_subject": "Relance : facture {number}",
        "reminder_body": "Sauf erreur de notre part, notre facture {number} du {date} d'un "
                         "montant de {total} reste impayée.\nNous vous la renvoyons ci-joint.",
        "encrypted_body": "Le mot de passe du PDF vous sera communiqué dans un e-mail séparé.",
        "forward_prefix": "TR : ",
        "forward_note": "Bonjour,\n\nfacture reçue sur ma boîte, pouvez-vous la saisir ?\n\n"
                        "Merci,\n{colleague}",
        "question_subject": "Question concernant votre commande",
        "question_body": "pourriez-vous nous confirmer l'adresse de livraison de votre prochaine "
                         "commande ? Notre transporteur change de tournée en mars.",
        "newsletter_subject": "Nouveautés printemps 2026 : -20 % sur les luminaires",
        "newsletter_body": "Jusqu'au 31 mars, profitez de 20 % de remise sur toute la collection.",
        "unsubscribe": "Se désabonner",
    },
    terms_file=("Conditions_générales_de_vente.txt", "Conditions générales de vente\n\n"
                "1. Objet\nLes présentes conditions s'appliquent à toutes nos ventes.\n"
                "2. Paiement\nNos factures sont payables à 30 jours date de facture.\n"),
)
