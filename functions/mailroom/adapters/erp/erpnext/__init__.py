"""ERPNext (Frappe) through its REST API: /api/resource for documents, /api/method for calls."""
