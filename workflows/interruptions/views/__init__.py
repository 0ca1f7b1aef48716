"""Admin views of the interruptions."""
