"""The catalogue's builder and crawler: owns and writes catalogue.db."""
