"""Gallery: geminis (the images people own), visibility, and reading them back."""
