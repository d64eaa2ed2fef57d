"""Format modules (settings.FORMAT_MODULE_PATH) that override Django's per-language defaults."""
