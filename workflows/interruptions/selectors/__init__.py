"""Queries of the interruptions."""
