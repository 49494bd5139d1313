"""Writers of the generated client-side modules (errors, operations, client methods)."""
