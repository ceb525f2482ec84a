"""The models every stage shares: charter, content, channels, findings, dates."""
