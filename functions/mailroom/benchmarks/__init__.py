"""Harnesses behind `mailroom bench`: they measure, they never assert."""
