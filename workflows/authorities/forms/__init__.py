"""The forms of the admin views of the bodies and authorities, one module per process."""
