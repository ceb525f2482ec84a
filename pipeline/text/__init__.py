"""Text as each network publishes and counts it: composition, lengths, hashtags."""
