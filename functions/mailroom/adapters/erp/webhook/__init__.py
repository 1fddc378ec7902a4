"""A signed webhook: how Zapier, Make, n8n, Workato or a NetSuite RESTlet take postings."""
