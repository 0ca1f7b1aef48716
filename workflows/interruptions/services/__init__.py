"""Side effects of the interruptions: transitions with their timeline, and the mails."""
