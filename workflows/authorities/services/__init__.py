"""Operations on the processes of the bodies and authorities, one module per process; `common` holds what
they share (events on the timeline, alerts sent once, transitions through the registry's `run_transition`)."""
