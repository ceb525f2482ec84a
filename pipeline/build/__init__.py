"""The build: the driver that calls the stages, the fingerprint, and the atomic publish."""
