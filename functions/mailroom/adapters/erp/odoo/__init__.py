"""Odoo 16–18 through its external API (XML-RPC at /xmlrpc/2, or JSON-RPC at /jsonrpc)."""
