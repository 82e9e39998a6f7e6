"""From news text to dated, located events."""
