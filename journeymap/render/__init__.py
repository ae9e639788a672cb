"""Renderers: analysed journeys to text (terminal, JSON, DOT, HTML); none of them computes a score."""
