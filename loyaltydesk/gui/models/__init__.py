"""Qt item models over the services (read on the database thread through the runner)."""
