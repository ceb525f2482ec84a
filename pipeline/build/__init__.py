"""The build: the driver that calls the stages, and the fingerprint that answers a no-op build."""
