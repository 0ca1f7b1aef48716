"""What the screens, the schedules and other apps read of this app, one module per process; `common` holds
who may see what and the timeline."""
