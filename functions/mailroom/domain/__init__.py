"""The domain core: models, statuses, rules. Imports nothing but the standard library and pydantic."""
