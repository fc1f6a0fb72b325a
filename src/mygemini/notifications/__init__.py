"""Notifications: a persisted inbox per person, pushed live over socket.io after commit."""
