"""Configuration, CFG001: levels that do not protect what the topic's consumers do."""
