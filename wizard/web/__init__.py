"""Web layer: one blueprint module per user task; views parse, call the core, persist, redirect."""
