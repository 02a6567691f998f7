"""PDF builders of the documents around a recognition. Each returns ``(filename, content_type, bytes)``."""
