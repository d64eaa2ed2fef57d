"""Zorgzaam: the shared workbench of a caring neighbourhood."""
