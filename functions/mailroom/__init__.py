"""mailroom: business email in, reviewed ERP records out."""

__version__ = "0.1.0"
