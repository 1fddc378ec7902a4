"""ERP connectors behind the `Erp` port: Odoo (XML-RPC or JSON-RPC), ERPNext (Frappe REST) and a
signed webhook (Zapier, Make, n8n, NetSuite), chosen by configuration through `registry`.
Each connector is one folder with the same files: `client.py` speaks the protocol and turns the
ERP's errors into Transient/PermanentError, `connector.py` implements the port."""
