"""Importing residents and volunteers from a list people already keep (CSV or XLSX)."""
