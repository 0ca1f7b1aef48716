"""The forms of the bodies' and authorities' processes, one module per process."""
