"""Keys and ordering, ORD001: whether a topic's key keeps one entity's events in order."""
