"""English (United Kingdom): pounds, sometimes dollars, 20 % VAT, "£1,234.56", "31/01/2026"."""

from decimal import Decimal as D

from mailroom.samples.language import Company, Item, Language
from mailroom.samples.model import DocKind

LANGUAGE = Language(
    code="en",
    country="GB",
    country_name="United Kingdom",
    utc_offset_hours=0,
    # UK books are zero-rated rather than reduced, so no item here uses the 5 % rate.
    vat_rates=(D("20"), D("5")),
    currencies=("GBP", "GBP", "USD"),
    currency_symbols={"GBP": "£", "USD": "$"},
    money_with_code="{unit} {amount}",
    money_with_symbol="{unit}{amount}",
    decimal_sep=".",
    group_seps=(",",),
    percent_sep="",
    date_formats=("{dd}/{mm}/{yyyy}", "{d} {month} {yyyy}", "{month} {d}, {yyyy}"),
    months=("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"),
    titles={DocKind.INVOICE: "Invoice", DocKind.CREDIT_NOTE: "Credit Note",
            DocKind.PURCHASE_ORDER: "Purchase Order"},
    numbering={DocKind.INVOICE: "INV-{n:05d}", DocKind.CREDIT_NOTE: "CN-{n:05d}",
               DocKind.PURCHASE_ORDER: "PO-{yyyy}-{n:04d}"},
    number_labels={
        DocKind.INVOICE: ("Invoice No.", "Invoice number", "Invoice #"),
        DocKind.CREDIT_NOTE: ("Credit Note No.", "Credit note number"),
        DocKind.PURCHASE_ORDER: ("PO Number", "Order No."),
    },
    date_labels={
        DocKind.INVOICE: ("Invoice date", "Date", "Tax point"),
        DocKind.CREDIT_NOTE: ("Date of issue", "Date"),
        DocKind.PURCHASE_ORDER: ("Order date", "Date"),
    },
    labels={
        "seller": ("Supplier", "Seller", "Vendor"),
        "buyer": ("Customer", "Buyer", "Customer"),
        "vat_id": ("VAT No.", "VAT Reg. No.", "VAT number"),
        "due_date": ("Due date", "Payment due", "Due by"),
        "delivery_date": ("Delivery date", "Required by"),
        "payment_terms": ("Payment terms: {days} days net.",
                          "Please pay within {days} days of the invoice date."),
        "po_ref": ("Your PO", "PO number", "Purchase order"),
        "credit_ref": ("Credit against invoice {number}", "Relates to invoice {number}"),
        "description": ("Description", "Item", "Details"),
        "quantity": ("Qty", "Quantity", "Units"),
        "unit_price": ("Unit price", "Rate", "Price"),
        "vat_rate": ("VAT", "VAT rate", "VAT %"),
        "amount": ("Amount", "Net", "Line total"),
        "net_total": ("Subtotal", "Net total", "Total net"),
        "tax_total": ("VAT {rate}", "VAT @ {rate}", "VAT at {rate}"),
        "grand_total": ("Total due", "Total", "Amount due"),
        "credit_total": ("Total credit", "Credit total"),
        "order_total": ("Order total", "Total"),
        "bank": ("Payment details", "Bank details"),
        "reference": ("Payment reference", "Reference"),
        "page": ("Page {page} of {pages}",),
        "closing": ("Thank you for your business.", "Interest may be charged on late payments."),
        "po_closing": ("Please confirm the delivery date.",
                       "Quote our PO number on all delivery notes."),
    },
    items=(
        Item("A4 copier paper, 80 gsm, box of 5 reams", D("18.00"), D("29.00")),
        Item("Consultancy (hours)", D("95.00"), D("150.00"), hourly=True),
        Item("Cardboard boxes, double wall, pack of 50", D("42.00"), D("75.00")),
        Item("Printer toner, black, high yield", D("65.00"), D("120.00")),
        Item("Pallet delivery, Leeds to London", D("85.00"), D("160.00")),
        Item("Warehouse storage per pallet, January", D("6.00"), D("12.00")),
        Item("Ergonomic office chair", D("180.00"), D("320.00")),
    ),
    vendors=(
        Company("Brightline Supplies Ltd", "42 Castle Street", "Edinburgh EH2 3BN", "GB",
                "brightline-supplies.example", "Fiona MacLeod"),
        Company("Harrow & Finch Consulting LLP", "7 Bedford Row", "London WC1R 4BS", "GB",
                "harrow-finch.example", "Oliver Finch"),
        Company("Northgate Packaging Ltd", "Unit 4, Mill Lane", "Leeds LS11 5PS", "GB",
                "northgate-packaging.example", "Priya Shah"),
    ),
    own_company=Company("Orbis Trading Ltd", "20 Wharf Road", "London N1 7GR", "GB",
                        "orbis-group.example", "Hannah Clarke"),
    colleague="Hannah Clarke",
    mail={
        "billing_local": "accounts",  # the mailbox a vendor's ERP sends from
        "greeting": "Dear Sir or Madam,",
        "signoff": "Kind regards,",
        "invoice_subject": "Invoice {number}",
        "invoice_body": "Please find attached our invoice {number} dated {date} for {total}.\n"
                        "Payment is due by {due}.",
        "credit_note_subject": "Credit note {number}",
        "credit_note_body": "Please find attached credit note {number} for {total}.\n"
                            "We will offset it against your next payment.",
        "purchase_order_subject": "Purchase order {number}",
        "purchase_order_body": "Please find attached our purchase order {number} for {total}.\n"
                               "Kindly confirm the delivery date.",
        "scan_body": "Attached is a scan of invoice {number}; the original follows by post.",
        "several_subject": "Invoices {numbers}",
        "several_body": "Please find attached our invoices {numbers} together with our terms and "
                        "conditions.",
        "reminder_subject": "Reminder: invoice {number}",
        "reminder_body": "Our records show that invoice {number} dated {date} for {total} is still "
                         "outstanding.\nWe attach it again for your convenience.",
        "encrypted_body": "The password for the PDF will follow in a separate email.",
        "forward_prefix": "Fwd: ",
        "forward_note": "Hi team,\n\nthis one came to my inbox, could you book it please?\n\n"
                        "Thanks,\n{colleague}",
        "question_subject": "Question about your delivery address",
        "question_body": "could you please confirm the delivery address for your next order? "
                         "Our driver starts a new route in March.",
        "newsletter_subject": "Spring offers 2026 – up to 20% off",
        "newsletter_body": "Until 31 March: up to 20% off packaging and storage.",
        "unsubscribe": "Unsubscribe",
    },
    terms_file=("Terms_and_conditions.txt", "Terms and Conditions of Sale\n\n1. Scope\n"
                "These terms apply to all goods and services supplied.\n2. Payment\n"
                "Invoices are payable within 30 days of the invoice date.\n"),
)
