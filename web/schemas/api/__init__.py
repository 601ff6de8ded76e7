"""Output schemas of the JSON API (input schemas live one level up)."""
