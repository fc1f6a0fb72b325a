"""Studio: the attribute catalog with previews, prompt building and generation jobs."""
