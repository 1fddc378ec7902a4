"""Local stand-ins for the Google APIs mailroom calls: small HTTP servers that behave like the
documented REST APIs (paths, request and response shapes, paging, errors, quotas), so the real
client libraries can be pointed at them in tests and in the local dev stack.

They hold their state in memory, count every request (for the API-efficiency benchmarks) and
can inject faults. They are test doubles, never used by a production stack."""
