"""Infrastructure without business rules: database, realtime, security, rate limits, logging."""
